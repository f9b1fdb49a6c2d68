/** The edge worker's configuration: env (or wrangler vars) read through the settings schema. */
import {
  DEFAULT_PUBLIC_FIELDS,
  NEVER_PUBLIC_FIELDS,
  type Settings,
  settingsSchema,
} from './settings.ts'

export { DEFAULT_PUBLIC_FIELDS, NEVER_PUBLIC_FIELDS }

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

/** The settings' env values as text: trimmed, blank as unset, numbers and booleans as written. */
function envText(env: EnvLike, names: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {}
  for (const name of names) {
    const v = env[name]
    if (v === undefined || v === null) continue
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      throw new ConfigError(name, 'must be a string')
    const t = String(v).trim()
    if (t !== '') out[name] = t
  }
  return out
}

/** The settings' values from env; a ConfigError names the first bad setting with the schema's words. */
function readSettings(env: EnvLike): Settings {
  const schema = settingsSchema()
  // parsed once per process or isolate: no compiled fast path (zod's JIT) for a single parse
  const r = schema.safeParse(envText(env, Object.keys(schema.shape)), { jitless: true })
  if (r.success) return r.data
  const issue = r.error.issues[0]
  // every check of the schema carries its own message, which never holds the value
  throw new ConfigError(String(issue?.path[0] ?? 'configuration'), issue?.message ?? 'is invalid')
}

/**
 * Validates an environment into an EdgeConfig; throws ConfigError naming the first bad setting.
 * Messages say what is expected and never show the value: on Workers the message is the body of
 * every answer, and the key may have been pasted into the wrong setting.
 */
export function parseConfig(env: EnvLike): EdgeConfig {
  const s = readSettings(env)
  return {
    apikey: s.SHUB_APIKEY,
    storageUrl: s.SHUB_STORAGE,
    jobqUrl: s.SHUB_JOBQ ?? s.SHUB_STORAGE,
    publicProjects: s.PUBLIC_PROJECTS,
    publicFields: s.PUBLIC_FIELDS,
    cache: {
      activeTtl: s.CACHE_TTL_ACTIVE,
      finishedTtl: s.CACHE_TTL_FINISHED,
      missingTtl: s.CACHE_TTL_MISSING,
      missingNewerTtl: s.CACHE_TTL_MISSING_NEWER,
      listTtl: s.CACHE_TTL_LIST,
      staleWhileRevalidate: s.CACHE_STALE_WHILE_REVALIDATE,
      staleIfError: s.CACHE_STALE_IF_ERROR,
      browserMaxAge: s.CACHE_BROWSER_MAX_AGE,
      maxEntries: s.CACHE_MAX_ENTRIES,
      maxBytes: s.CACHE_MAX_BYTES,
      maxMissingEntries: s.CACHE_MAX_MISSING_ENTRIES,
    },
    corsOrigins: s.CORS_ORIGINS,
    rateLimit:
      s.RATE_LIMIT > 0 ? { limit: s.RATE_LIMIT, windowSeconds: s.RATE_LIMIT_WINDOW } : undefined,
    upstreamTimeoutMs: s.UPSTREAM_TIMEOUT_MS,
    listMaxCount: s.LIST_MAX_COUNT,
    budget: {
      concurrency: s.UPSTREAM_CONCURRENCY,
      queue: s.UPSTREAM_QUEUE,
      missBudget: s.MISS_BUDGET,
      missWindowSeconds: s.MISS_BUDGET_WINDOW,
      backoffSeconds: s.UPSTREAM_BACKOFF,
      backoffMaxSeconds: s.UPSTREAM_BACKOFF_MAX,
    },
  }
}
