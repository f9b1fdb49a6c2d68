/**
 * Resolves the API key, URLs and projects from flags, environment and scrapinghub.yml files (the
 * closest `scrapinghub.yml` from the current folder upward, over `~/.scrapinghub.yml`, as shub
 * reads them), and says where each came from (`jobmeta config`), never showing a key.
 */
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { DEFAULT_STORAGE_URL } from '@jobmeta/core'
import type { CliOptions } from './args.ts'
import { mergeShubFiles, parseShubFile, type ShubSettings } from './scrapinghub-yml.ts'
import type { Resolver } from './target.ts'

/** Everything needed to open a session; `apikey` undefined means demo mode. */
export interface Config {
  apikey?: string
  /** Where the key came from: `--apikey`, `SH_APIKEY`, `SHUB_APIKEY` or `apikeys.NAME in PATH`. */
  keySource?: string
  storageUrl?: string
  /** `--storage-url`, `SHUB_STORAGE`, or undefined for the default. */
  storageSource?: string
  jobqUrl?: string
  jobqSource?: string
  /** The current/default project: --project, else the target in use, else projects.default. */
  project?: number
  projectSource?: string
  /** The named target whose project and key are used, if any. */
  target?: string
  /** Named targets -> project id. */
  targets: Record<string, number>
  /** The scrapinghub.yml files read, lowest precedence first. */
  files: string[]
  demo: boolean
  retries?: number
}

/** Thrown for a configuration that cannot be used (exit 2 with a one-line reason). */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Inputs of resolveConfig, injectable for tests (HOME and the current folder explicitly). */
export interface ConfigSources {
  env: Record<string, string | undefined>
  home?: string
  cwd?: string
  readFile?: (path: string) => string | undefined
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/** The closest `scrapinghub.yml` from `cwd` upward (shub's search), or undefined. */
export function findLocalFile(
  cwd: string,
  read: (path: string) => string | undefined,
): { path: string; text: string } | undefined {
  let dir = resolve(cwd)
  for (;;) {
    const path = join(dir, 'scrapinghub.yml')
    const text = read(path)
    if (text !== undefined) return { path, text }
    const up = dirname(dir)
    if (up === dir) return undefined
    dir = up
  }
}

/**
 * The merged settings of `~/.scrapinghub.yml` and the closest `scrapinghub.yml`. The `yaml`
 * package is loaded only when there is a file to read (no start-up cost without one).
 */
export async function loadShubSettings(sources: ConfigSources): Promise<ShubSettings> {
  const read = sources.readFile ?? readIfExists
  const home = sources.home ?? sources.env.HOME ?? homedir()
  const found: { path: string; text: string }[] = []
  const globalPath = join(home, '.scrapinghub.yml')
  const globalText = read(globalPath)
  if (globalText !== undefined) found.push({ path: globalPath, text: globalText })
  const local = findLocalFile(sources.cwd ?? process.cwd(), read)
  if (local && local.path !== globalPath) found.push(local)
  if (found.length === 0) return mergeShubFiles([])
  const yaml = await import('yaml')
  // bundled, the package (CommonJS for Node) may arrive as the namespace's default export
  const parse = yaml.parse ?? (yaml as unknown as { default: typeof yaml }).default.parse
  return mergeShubFiles(found.map((f) => parseShubFile(f.path, f.text, parse)))
}

/** Checks that a base URL has an http(s) scheme (`storage.example` alone would be read as a path). */
export function checkBaseUrl(url: string, source: string): string {
  let parsed: URL | undefined
  try {
    parsed = new URL(url)
  } catch {
    parsed = undefined
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:'))
    throw new ConfigError(
      `${source} must be an http(s) URL with a scheme, e.g. https://${url.replace(/^[a-z]+:\/*/i, '') || 'storage.example'}/ (got ${JSON.stringify(url)})`,
    )
  return url
}

/**
 * Applies the precedence. Key: --apikey; the key a named target asks for (`projects: prod: {id: N,
 * apikey: NAME}`); SH_APIKEY; SHUB_APIKEY; `apikeys: default:` of the files. Project: --project,
 * else the named target in use, else `projects: default:`. `use.target` is the target the
 * arguments name (`jobmeta ls prod`).
 */
export async function resolveConfig(
  options: Pick<CliOptions, 'apikey' | 'project' | 'storageUrl' | 'jobqUrl' | 'demo' | 'retries'>,
  sources: ConfigSources,
  use: { target?: string } = {},
): Promise<Config> {
  const { env } = sources
  let shub: ShubSettings
  try {
    shub = await loadShubSettings(sources)
  } catch (err) {
    throw new ConfigError(err instanceof Error ? err.message : String(err))
  }
  const config: Config = { demo: options.demo, targets: {}, files: shub.files }
  for (const [name, t] of Object.entries(shub.projects)) config.targets[name] = t.value.project
  if (options.retries !== undefined) config.retries = options.retries

  const flagTarget =
    options.project && 'target' in options.project ? options.project.target : undefined
  const targetName = use.target ?? flagTarget
  if (targetName !== undefined) {
    if (!shub.projects[targetName])
      throw new ConfigError(
        `no target named ${JSON.stringify(targetName)} in ${shub.files.length ? shub.files.join(', ') : 'scrapinghub.yml (none found)'}`,
      )
    config.target = targetName
  }
  const target = shub.projects[targetName ?? 'default']

  if (options.project && 'id' in options.project) {
    config.project = options.project.id
    config.projectSource = '--project'
  } else if (target) {
    config.project = target.value.project
    config.projectSource = target.source
  }

  const keyName = target?.value.apikey
  const named = keyName && keyName !== 'default' ? shub.apikeys[keyName] : undefined
  if (keyName && keyName !== 'default' && !named && !options.apikey)
    throw new ConfigError(
      `${target?.source} uses the API key ${JSON.stringify(keyName)}, but no scrapinghub.yml has apikeys: ${keyName}:`,
    )
  const candidates: [string, string | undefined][] = [
    ['--apikey', options.apikey],
    [named?.source ?? '', named?.value],
    ['SH_APIKEY', env.SH_APIKEY],
    ['SHUB_APIKEY', env.SHUB_APIKEY],
    [shub.apikeys.default?.source ?? '', shub.apikeys.default?.value],
  ]
  for (const [source, value] of candidates) {
    if (value?.trim()) {
      config.apikey = value.trim()
      config.keySource = source
      break
    }
  }

  const storage: [string, string | undefined][] = [
    ['--storage-url', options.storageUrl],
    ['SHUB_STORAGE', env.SHUB_STORAGE],
  ]
  for (const [source, value] of storage) {
    if (value) {
      config.storageUrl = checkBaseUrl(value, source)
      config.storageSource = source
      break
    }
  }
  const jobq: [string, string | undefined][] = [
    ['--jobq-url', options.jobqUrl],
    ['SHUB_JOBQ', env.SHUB_JOBQ],
  ]
  for (const [source, value] of jobq) {
    if (value) {
      config.jobqUrl = checkBaseUrl(value, source)
      config.jobqSource = source
      break
    }
  }
  return config
}

/** How references resolve under this configuration (`session.project` stands in for demo mode). */
export function resolverOf(config: Config, defaultProject: number | undefined): Resolver {
  return { targetProject: (name) => config.targets[name], defaultProject }
}

/** A key shown safely: its last 4 characters when it is long enough to keep the rest secret. */
export function maskKey(key: string): string {
  return key.length >= 16 ? `…${key.slice(-4)}` : '(set)'
}

/** The lines `jobmeta config` prints: sources and endpoints, never a key. */
export function describeConfig(config: Config, demoProject?: number): Record<string, string> {
  const demo = config.demo || !config.apikey
  const out: Record<string, string> = {}
  out.key = demo
    ? config.demo
      ? 'none: --demo (the built-in demo emulator)'
      : 'none found (SH_APIKEY, SHUB_APIKEY, apikeys in scrapinghub.yml): the built-in demo emulator'
    : `${config.keySource} (${maskKey(config.apikey as string)})`
  out.storage = demo
    ? 'the built-in emulator on 127.0.0.1 (a random port)'
    : `${config.storageUrl ?? DEFAULT_STORAGE_URL} (${config.storageSource ?? 'default'})`
  out.jobq = demo
    ? 'the built-in emulator'
    : `${config.jobqUrl ?? config.storageUrl ?? DEFAULT_STORAGE_URL} (${config.jobqSource ?? 'the storage URL'})`
  const configured =
    config.project === undefined ? '' : `; ${config.project} (${config.projectSource}) with a key`
  out.project =
    demo && demoProject !== undefined
      ? `${demoProject} (the demo project${configured})`
      : config.project === undefined
        ? 'none (give one with --project or projects: default: in scrapinghub.yml)'
        : `${config.project} (${config.projectSource})`
  if (config.target) out.target = config.target
  const names = Object.entries(config.targets)
  out.targets = names.length ? names.map(([n, p]) => `${n}=${p}`).join(', ') : 'none'
  out.files = config.files.length ? config.files.join(', ') : 'no scrapinghub.yml found'
  return out
}
