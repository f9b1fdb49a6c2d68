// Generated from package.json by scripts/sync-versions.mjs; src/version.test.ts checks they match.
/** The version of @jobmeta/core, as in its package.json. */
export const VERSION = '0.1.0'
