/** Setting names, defaults and parsing of the edge worker's configuration (env / wrangler vars). */

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
  listMaxCount: number
  budget: BudgetConfig
}

/** What protects the upstream (and the team's API key) from outages and abuse. */
export interface BudgetConfig {
  /** upstream calls in flight at once, per isolate / process */
  concurrency: number
  /** calls waiting for a free slot; past that the answer is 503 */
  queue: number
  /** upstream loads one client may start per window (0 = no budget) */
  missBudget: number
  missWindowSeconds: number
  /** first back-off window after an upstream failure without Retry-After, seconds (doubles) */
  backoffSeconds: number
  /** cap on a back-off window, Retry-After included, seconds */
  backoffMaxSeconds: number
}

/** Cache lifetimes (seconds) and in-isolate LRU bounds. */
export interface CacheConfig {
  /** pending and running jobs */
  activeTtl: number
  /** finished and deleted jobs */
  finishedTtl: number
  /** jobs that do not exist */
  missingTtl: number
  /** jobs that do not exist, numbered above their spider's newest known job */
  missingNewerTtl: number
  /** project job lists */
  listTtl: number
  staleWhileRevalidate: number
  staleIfError: number
  browserMaxAge: number
  maxEntries: number
  maxBytes: number
  /** entries of the separate store of "job not found" answers */
  maxMissingEntries: number
}

/** A setting is missing or invalid; `setting` names it, and the message never shows the value. */
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
  {
    name: 'CACHE_TTL_MISSING_NEWER',
    default: '3',
    description:
      'Seconds a "job not found" answer is fresh when the job number is above its spider\'s newest known job (a job that may appear any moment).',
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
  {
    name: 'CACHE_MAX_MISSING_ENTRIES',
    default: '1000',
    description:
      'Bound of the separate in-isolate store of "job not found" answers, so they never evict cached jobs (0 disables it).',
  },
  { name: 'CORS_ORIGINS', default: '*', description: "Comma-separated allowed origins, or '*'." },
  { name: 'RATE_LIMIT', default: '0', description: 'Requests per window per client (0 = off).' },
  {
    name: 'RATE_LIMIT_WINDOW',
    default: '60',
    description: 'Rate-limit window in seconds (Node and in-memory fallback).',
  },
  { name: 'UPSTREAM_TIMEOUT_MS', default: '8000', description: 'Timeout of one upstream request.' },
  {
    name: 'UPSTREAM_CONCURRENCY',
    default: '8',
    description: 'Upstream requests in flight at once (per process / isolate).',
  },
  {
    name: 'UPSTREAM_QUEUE',
    default: '64',
    description:
      'Loads waiting for a free upstream slot (each at most UPSTREAM_TIMEOUT_MS); past that: stale copy or 503 with Retry-After.',
  },
  {
    name: 'UPSTREAM_BACKOFF',
    default: '5',
    description:
      'Seconds of the first back-off window after an upstream failure without Retry-After; doubles per failure in a row.',
  },
  {
    name: 'UPSTREAM_BACKOFF_MAX',
    default: '300',
    description: "Cap in seconds on a back-off window, upstream's Retry-After included.",
  },
  {
    name: 'MISS_BUDGET',
    default: '120',
    description:
      'Upstream loads one client may cause per MISS_BUDGET_WINDOW (cache hits and stale answers are free; 0 = off).',
  },
  {
    name: 'MISS_BUDGET_WINDOW',
    default: '60',
    description: 'Window of MISS_BUDGET in seconds.',
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
      throw new ConfigError(
        'PUBLIC_FIELDS',
        'must list field names (a letter or _, then letters, digits, _ . -; at most 64 characters)',
      )
    }
    if (NEVER_PUBLIC_FIELDS.includes(f)) {
      throw new ConfigError(
        'PUBLIC_FIELDS',
        `must not list ${NEVER_PUBLIC_FIELDS.join(' or ')}: they hold credentials and can never be published`,
      )
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
    const u = URL.canParse(o) ? new URL(o) : undefined
    if (u === undefined || u.origin !== o.replace(/\/$/, '')) {
      throw new ConfigError(
        'CORS_ORIGINS',
        'must be * or a comma-separated list of origins such as https://example.com',
      )
    }
    out.push(u.origin)
  }
  return out
}

/**
 * Validates an environment into an EdgeConfig; throws ConfigError naming the first bad setting.
 * Messages say what is expected and never show the value: on Workers the message is the body of
 * every answer, and the key may have been pasted into the wrong setting.
 */
export function parseConfig(env: EnvLike): EdgeConfig {
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
      missingNewerTtl: int(env, 'CACHE_TTL_MISSING_NEWER', 3, 0, 86_400),
      listTtl: int(env, 'CACHE_TTL_LIST', 15, 0, 86_400),
      staleWhileRevalidate: int(env, 'CACHE_STALE_WHILE_REVALIDATE', 30, 0, 86_400),
      staleIfError: int(env, 'CACHE_STALE_IF_ERROR', 86_400, 0, 31_536_000),
      browserMaxAge: int(env, 'CACHE_BROWSER_MAX_AGE', 60, 0, 31_536_000),
      maxEntries: int(env, 'CACHE_MAX_ENTRIES', 2000, 0, 1_000_000),
      maxBytes: int(env, 'CACHE_MAX_BYTES', 16 * 1024 * 1024, 0, 1024 * 1024 * 1024),
      maxMissingEntries: int(env, 'CACHE_MAX_MISSING_ENTRIES', 1000, 0, 1_000_000),
    },
    corsOrigins: origins(env),
    rateLimit: limit > 0 ? { limit, windowSeconds } : undefined,
    upstreamTimeoutMs: int(env, 'UPSTREAM_TIMEOUT_MS', 8000, 100, 120_000),
    listMaxCount: int(env, 'LIST_MAX_COUNT', 100, 1, 1000),
    budget: {
      concurrency: int(env, 'UPSTREAM_CONCURRENCY', 8, 1, 1000),
      queue: int(env, 'UPSTREAM_QUEUE', 64, 0, 100_000),
      missBudget: int(env, 'MISS_BUDGET', 120, 0, 1_000_000),
      missWindowSeconds: int(env, 'MISS_BUDGET_WINDOW', 60, 1, 86_400),
      backoffSeconds: int(env, 'UPSTREAM_BACKOFF', 5, 1, 3600),
      backoffMaxSeconds: int(env, 'UPSTREAM_BACKOFF_MAX', 300, 1, 86_400),
    },
  }
}
