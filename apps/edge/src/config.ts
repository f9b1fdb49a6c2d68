/** Setting names, defaults and parsing of the edge worker's configuration (env / wrangler vars). */
import { scrub, secretForms } from './security/secrets.ts'

/** The metadata fields published when PUBLIC_FIELDS is not set. */
export const DEFAULT_PUBLIC_FIELDS: readonly string[] = [
  'spider',
  'state',
  'pending_time',
  'running_time',
  'finished_time',
  'deleted_time',
  'close_reason',
  'tags',
  'version',
  'items',
  'requests',
  'errors',
]

/** Fields that can never be published, whatever PUBLIC_FIELDS says. */
export const NEVER_PUBLIC_FIELDS: readonly string[] = ['auth', '_key']

/** Fields always present in a public job document (identity and the derived outcome). */
export const IDENTITY_FIELDS: readonly string[] = ['key', 'project', 'spider_id', 'job', 'outcome']

/** Everything the edge worker needs to know, validated. */
export interface EdgeConfig {
  apikey: string
  storageUrl: string
  jobqUrl: string
  publicProjects: ReadonlySet<number>
  publicFields: readonly string[]
  cache: CacheConfig
  corsOrigins: '*' | readonly string[]
  rateLimit: { limit: number; windowSeconds: number } | undefined
  upstreamTimeoutMs: number
  /** Workers: how long a request waits for another request's load of the same key (0 = never) */
  coalesceWaitMs: number
  listMaxCount: number
}

/** Cache lifetimes (seconds) and in-isolate LRU bounds. */
export interface CacheConfig {
  /** pending and running jobs */
  activeTtl: number
  /** finished and deleted jobs */
  finishedTtl: number
  /** jobs that do not exist */
  missingTtl: number
  /** project job lists */
  listTtl: number
  staleWhileRevalidate: number
  staleIfError: number
  browserMaxAge: number
  maxEntries: number
  maxBytes: number
}

/** A setting is missing or invalid; `setting` names it, the message never echoes a secret. */
export class ConfigError extends Error {
  override name = 'ConfigError'
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`)
  }
}

/** Environment-like input: process.env or a Workers `env` (vars may be numbers or booleans). */
export type EnvLike = Record<string, unknown>

/** One row of the settings table (README and tests use it). */
export interface SettingDoc {
  name: string
  default: string
  description: string
}

/** Every setting the worker reads, with its default. */
export const SETTINGS: readonly SettingDoc[] = [
  {
    name: 'SHUB_APIKEY',
    default: '(required; secret)',
    description: 'Scrapy Cloud API key; only ever sent upstream.',
  },
  {
    name: 'SHUB_STORAGE',
    default: 'https://storage.scrapinghub.com/',
    description: 'Storage API base URL (https; http only for localhost).',
  },
  { name: 'SHUB_JOBQ', default: 'SHUB_STORAGE', description: 'JobQ API base URL.' },
  {
    name: 'PUBLIC_PROJECTS',
    default: '(none)',
    description: 'Comma-separated project ids that may be read.',
  },
  {
    name: 'PUBLIC_FIELDS',
    default: DEFAULT_PUBLIC_FIELDS.join(','),
    description:
      "Comma-separated fields to publish; the word 'default' stands for the default set.",
  },
  {
    name: 'CACHE_TTL_ACTIVE',
    default: '10',
    description: 'Seconds a pending or running job is fresh.',
  },
  {
    name: 'CACHE_TTL_FINISHED',
    default: '3600',
    description: 'Seconds a finished or deleted job is fresh.',
  },
  {
    name: 'CACHE_TTL_MISSING',
    default: '30',
    description: 'Seconds a "job not found" answer is fresh.',
  },
  { name: 'CACHE_TTL_LIST', default: '15', description: 'Seconds a project job list is fresh.' },
  {
    name: 'CACHE_STALE_WHILE_REVALIDATE',
    default: '30',
    description: 'Seconds a stale copy may be served while it is refreshed.',
  },
  {
    name: 'CACHE_STALE_IF_ERROR',
    default: '86400',
    description: 'Seconds a stale copy may be served when upstream fails.',
  },
  {
    name: 'CACHE_BROWSER_MAX_AGE',
    default: '60',
    description: 'Upper bound of max-age sent to browsers.',
  },
  {
    name: 'CACHE_MAX_ENTRIES',
    default: '2000',
    description: 'In-isolate LRU bound on entries (0 disables it).',
  },
  { name: 'CACHE_MAX_BYTES', default: '16777216', description: 'In-isolate LRU bound on bytes.' },
  { name: 'CORS_ORIGINS', default: '*', description: "Comma-separated allowed origins, or '*'." },
  { name: 'RATE_LIMIT', default: '0', description: 'Requests per window per client (0 = off).' },
  {
    name: 'RATE_LIMIT_WINDOW',
    default: '60',
    description: 'Rate-limit window in seconds (Node and in-memory fallback).',
  },
  { name: 'UPSTREAM_TIMEOUT_MS', default: '8000', description: 'Timeout of one upstream request.' },
  {
    name: 'COALESCE_WAIT_MS',
    default: '2000',
    description:
      "Workers: how long a cold request waits for another request's upstream load of the same key before fetching on its own (0 = never wait).",
  },
  {
    name: 'LIST_MAX_COUNT',
    default: '100',
    description: 'Upper bound of `count` on /projects/:project/jobs.',
  },
]

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/
const APIKEY = /^[A-Za-z0-9._~-]{8,256}$/

function read(env: EnvLike, name: string): string | undefined {
  const v = env[name]
  if (v === undefined || v === null) return undefined
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (typeof v !== 'string') throw new ConfigError(name, 'must be a string')
  const t = v.trim()
  return t === '' ? undefined : t
}

function int(env: EnvLike, name: string, dflt: number, min: number, max: number): number {
  const s = read(env, name)
  if (s === undefined) return dflt
  if (!/^\d+$/.test(s))
    throw new ConfigError(name, `must be a whole number between ${min} and ${max}`)
  const n = Number(s)
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}`)
  return n
}

function baseUrl(env: EnvLike, name: string, dflt: string): string {
  const s = read(env, name) ?? dflt
  let u: URL
  try {
    u = new URL(s)
  } catch {
    throw new ConfigError(name, 'must be an absolute URL such as https://storage.scrapinghub.com/')
  }
  const local = u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]'
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && local)) {
    throw new ConfigError(name, 'must use https (http is accepted only for localhost)')
  }
  if (u.username || u.password) throw new ConfigError(name, 'must not contain credentials')
  if (u.search || u.hash) throw new ConfigError(name, 'must not contain a query or fragment')
  return u.href.endsWith('/') ? u.href : `${u.href}/`
}

function projects(env: EnvLike): Set<number> {
  const s = read(env, 'PUBLIC_PROJECTS')
  const out = new Set<number>()
  if (s === undefined) return out
  for (const part of s.split(',')) {
    const p = part.trim()
    if (p === '') continue
    if (!/^[1-9]\d{0,9}$/.test(p)) {
      throw new ConfigError(
        'PUBLIC_PROJECTS',
        'must be a comma-separated list of project ids (positive integers)',
      )
    }
    out.add(Number(p))
  }
  return out
}

function fields(env: EnvLike): string[] {
  const s = read(env, 'PUBLIC_FIELDS')
  if (s === undefined) return [...DEFAULT_PUBLIC_FIELDS]
  const out = new Set<string>()
  for (const part of s.split(',')) {
    const f = part.trim()
    if (f === '') continue
    if (f === 'default') {
      for (const d of DEFAULT_PUBLIC_FIELDS) out.add(d)
      continue
    }
    if (!FIELD_NAME.test(f)) {
      throw new ConfigError('PUBLIC_FIELDS', `"${f.slice(0, 64)}" is not a valid field name`)
    }
    if (NEVER_PUBLIC_FIELDS.includes(f)) {
      throw new ConfigError('PUBLIC_FIELDS', `"${f}" holds a credential and can never be published`)
    }
    out.add(f)
  }
  return [...out]
}

function origins(env: EnvLike): '*' | string[] {
  const s = read(env, 'CORS_ORIGINS')
  if (s === undefined || s === '*') return '*'
  const out: string[] = []
  for (const part of s.split(',')) {
    const o = part.trim()
    if (o === '') continue
    let u: URL
    try {
      u = new URL(o)
    } catch {
      throw new ConfigError(
        'CORS_ORIGINS',
        `"${o.slice(0, 100)}" is not an origin such as https://example.com`,
      )
    }
    if (u.origin !== o.replace(/\/$/, '')) {
      throw new ConfigError(
        'CORS_ORIGINS',
        `"${o.slice(0, 100)}" is not an origin such as https://example.com`,
      )
    }
    out.push(u.origin)
  }
  return out
}

/**
 * Validates an environment into an EdgeConfig; throws ConfigError naming the first bad setting.
 * Messages echo a bad value to help the operator, so the key is scrubbed from them: it may have
 * been pasted into the wrong setting, and on Workers the message is the body of every answer.
 */
export function parseConfig(env: EnvLike): EdgeConfig {
  try {
    return readConfig(env)
  } catch (e) {
    const raw = env.SHUB_APIKEY
    if (!(e instanceof ConfigError) || typeof raw !== 'string') throw e
    const forms = new Set<string>()
    for (const k of [raw, raw.trim()]) {
      if (k.length < 8) continue
      forms.add(k)
      forms.add(encodeURIComponent(k))
      try {
        for (const f of secretForms(k)) forms.add(f)
      } catch {
        // btoa refuses non-Latin-1 text: such a key has no base64 form to look for
      }
    }
    const message = scrub(e.message, [...forms])
    if (message === e.message) throw e
    throw new ConfigError(e.setting, message.slice(e.setting.length + 2))
  }
}

function readConfig(env: EnvLike): EdgeConfig {
  const apikey = read(env, 'SHUB_APIKEY')
  if (apikey === undefined)
    throw new ConfigError('SHUB_APIKEY', 'is not set (store it as a secret)')
  if (!APIKEY.test(apikey)) {
    throw new ConfigError('SHUB_APIKEY', 'has an unexpected format (value not shown)')
  }
  const storageUrl = baseUrl(env, 'SHUB_STORAGE', 'https://storage.scrapinghub.com/')
  const jobqUrl = baseUrl(env, 'SHUB_JOBQ', storageUrl)
  const limit = int(env, 'RATE_LIMIT', 0, 0, 1_000_000)
  const windowSeconds = int(env, 'RATE_LIMIT_WINDOW', 60, 1, 86_400)
  return {
    apikey,
    storageUrl,
    jobqUrl,
    publicProjects: projects(env),
    publicFields: fields(env),
    cache: {
      activeTtl: int(env, 'CACHE_TTL_ACTIVE', 10, 0, 86_400),
      finishedTtl: int(env, 'CACHE_TTL_FINISHED', 3600, 0, 31_536_000),
      missingTtl: int(env, 'CACHE_TTL_MISSING', 30, 0, 86_400),
      listTtl: int(env, 'CACHE_TTL_LIST', 15, 0, 86_400),
      staleWhileRevalidate: int(env, 'CACHE_STALE_WHILE_REVALIDATE', 30, 0, 86_400),
      staleIfError: int(env, 'CACHE_STALE_IF_ERROR', 86_400, 0, 31_536_000),
      browserMaxAge: int(env, 'CACHE_BROWSER_MAX_AGE', 60, 0, 31_536_000),
      maxEntries: int(env, 'CACHE_MAX_ENTRIES', 2000, 0, 1_000_000),
      maxBytes: int(env, 'CACHE_MAX_BYTES', 16 * 1024 * 1024, 0, 1024 * 1024 * 1024),
    },
    corsOrigins: origins(env),
    rateLimit: limit > 0 ? { limit, windowSeconds } : undefined,
    upstreamTimeoutMs: int(env, 'UPSTREAM_TIMEOUT_MS', 8000, 100, 120_000),
    coalesceWaitMs: int(env, 'COALESCE_WAIT_MS', 2000, 0, 60_000),
    listMaxCount: int(env, 'LIST_MAX_COUNT', 100, 1, 1000),
  }
}
