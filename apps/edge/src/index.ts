/** @jobmeta/edge: the cached public read endpoint as a Hono app, with its configuration parser. */
export { createApp, type EdgeDeps, misconfiguredHandler } from './app.ts'
export {
  ConfigError,
  DEFAULT_PUBLIC_FIELDS,
  type EdgeConfig,
  parseConfig,
} from './config.ts'
export { buildOpenApi } from './openapi.ts'
export { type SettingDoc, settingDocs } from './settings.ts'
