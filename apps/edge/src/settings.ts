/**
 * The worker's settings as one zod schema: each setting coerced from its env text, ranged,
 * described and defaulted. parseConfig reads env through it, its error messages come from it, and
 * the README's settings table is checked against `settingDocs()` (src/readme.test.ts).
 */
import { z } from 'zod'

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

/** What the README says of a setting whose default is not a value (required, or another setting). */
interface Shown {
  shownDefault?: string
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/
const APIKEY = /^[A-Za-z0-9._~-]{8,256}$/

/**
 * A whole number in [min, max], given as digits: one message for every way it can be wrong. (One
 * transform rather than a chain of zod checks: this schema is built on a Worker's first request,
 * where each zod step costs start-up time; the range reaches the README through `meta`.)
 */
function wholeNumber(min: number, max: number, dflt: number, description: string) {
  const error = `must be a whole number between ${min} and ${max}`
  return z
    .string()
    .transform((s, ctx) => {
      const n = Number(s)
      if (!/^\d+$/.test(s) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: error })
        return z.NEVER
      }
      return n
    })
    .prefault(String(dflt))
    .meta({ description, minimum: min, maximum: max })
}

/** A comma-separated list: its non-empty items, trimmed. */
const items = (s: string) =>
  s
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')

/** An http(s) base URL, normalised to end with '/'. */
function baseUrl() {
  return z.string().transform((s, ctx) => {
    const problem = (message: string) => {
      ctx.addIssue({ code: 'custom', message })
      return z.NEVER
    }
    const u = URL.canParse(s) ? new URL(s) : undefined
    if (u === undefined)
      return problem('must be an absolute URL such as https://storage.scrapinghub.com/')
    const local = u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]'
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && local))
      return problem('must use https (http is accepted only for localhost)')
    if (u.username || u.password) return problem('must not contain credentials')
    if (u.search || u.hash) return problem('must not contain a query or fragment')
    return u.href.endsWith('/') ? u.href : `${u.href}/`
  })
}

function build() {
  return z.object({
    SHUB_APIKEY: z
      .string({ error: 'is not set (store it as a secret)' })
      .regex(APIKEY, { error: 'has an unexpected format (value not shown)' })
      .describe('Scrapy Cloud API key; only ever sent upstream.')
      .meta({ shownDefault: '(required; secret)' } satisfies Shown),
    SHUB_STORAGE: baseUrl()
      .prefault('https://storage.scrapinghub.com/')
      .describe('Storage API base URL (https; http only for localhost).'),
    SHUB_JOBQ: baseUrl()
      .optional()
      .describe('JobQ API base URL.')
      .meta({ shownDefault: 'SHUB_STORAGE' } satisfies Shown),
    PUBLIC_PROJECTS: z
      .string()
      .transform((s, ctx) => {
        const out = new Set<number>()
        for (const p of items(s)) {
          if (!/^[1-9]\d{0,9}$/.test(p)) {
            ctx.addIssue({
              code: 'custom',
              message: 'must be a comma-separated list of project ids (positive integers)',
            })
            return z.NEVER
          }
          out.add(Number(p))
        }
        return out as ReadonlySet<number>
      })
      .prefault('')
      .describe('Comma-separated project ids that may be read.')
      .meta({ shownDefault: '(none)' } satisfies Shown),
    PUBLIC_FIELDS: z
      .string()
      .transform((s, ctx) => {
        const out = new Set<string>()
        for (const f of items(s)) {
          if (f === 'default') {
            for (const d of DEFAULT_PUBLIC_FIELDS) out.add(d)
          } else if (!FIELD_NAME.test(f)) {
            ctx.addIssue({
              code: 'custom',
              message:
                'must list field names (a letter or _, then letters, digits, _ . -; at most 64 characters)',
            })
            return z.NEVER
          } else if (NEVER_PUBLIC_FIELDS.includes(f)) {
            ctx.addIssue({
              code: 'custom',
              message: `must not list ${NEVER_PUBLIC_FIELDS.join(' or ')}: they hold credentials and can never be published`,
            })
            return z.NEVER
          } else out.add(f)
        }
        return [...out] as readonly string[]
      })
      .prefault(DEFAULT_PUBLIC_FIELDS.join(','))
      .describe(
        'Comma-separated fields to publish; the word `default` stands for the default set (`default,scrapystats`).',
      ),
    CACHE_TTL_ACTIVE: wholeNumber(0, 86_400, 10, 'Seconds a pending or running job is fresh.'),
    CACHE_TTL_FINISHED: wholeNumber(
      0,
      31_536_000,
      3600,
      'Seconds a finished or deleted job is fresh.',
    ),
    CACHE_TTL_MISSING: wholeNumber(0, 86_400, 30, 'Seconds a "job not found" answer is fresh.'),
    CACHE_TTL_MISSING_NEWER: wholeNumber(
      0,
      86_400,
      3,
      'Seconds a "job not found" answer is fresh when the job number is above its spider\'s newest known job (it may appear any moment).',
    ),
    CACHE_TTL_LIST: wholeNumber(0, 86_400, 15, 'Seconds a project job list is fresh.'),
    CACHE_STALE_WHILE_REVALIDATE: wholeNumber(
      0,
      86_400,
      30,
      'Seconds a stale copy may be served while it is refreshed.',
    ),
    CACHE_STALE_IF_ERROR: wholeNumber(
      0,
      31_536_000,
      86_400,
      'Seconds a stale copy may be served when upstream fails.',
    ),
    CACHE_BROWSER_MAX_AGE: wholeNumber(
      0,
      31_536_000,
      60,
      'Upper bound of `max-age` sent to browsers.',
    ),
    CACHE_MAX_ENTRIES: wholeNumber(
      0,
      1_000_000,
      2000,
      'In-isolate LRU bound on entries (0 disables it).',
    ),
    CACHE_MAX_BYTES: wholeNumber(
      0,
      1024 * 1024 * 1024,
      16 * 1024 * 1024,
      'In-isolate LRU bound on bytes.',
    ),
    CACHE_MAX_MISSING_ENTRIES: wholeNumber(
      0,
      1_000_000,
      1000,
      'Bound of the separate in-isolate store of "job not found" answers (they never evict cached jobs).',
    ),
    CORS_ORIGINS: z
      .string()
      .transform((s, ctx) => {
        if (s === '*') return '*' as const
        const out: string[] = []
        for (const o of items(s)) {
          const u = URL.canParse(o) ? new URL(o) : undefined
          if (u === undefined || u.origin !== o.replace(/\/$/, '')) {
            ctx.addIssue({
              code: 'custom',
              message: 'must be * or a comma-separated list of origins such as https://example.com',
            })
            return z.NEVER
          }
          out.push(u.origin)
        }
        return out as readonly string[]
      })
      .prefault('*')
      .describe('Comma-separated allowed origins, or `*`.'),
    RATE_LIMIT: wholeNumber(0, 1_000_000, 0, 'Requests per window per client (0 = off).'),
    RATE_LIMIT_WINDOW: wholeNumber(
      1,
      86_400,
      60,
      'Rate-limit window in seconds (Node and in-memory fallback).',
    ),
    UPSTREAM_TIMEOUT_MS: wholeNumber(100, 120_000, 8000, 'Timeout of one upstream request.'),
    UPSTREAM_CONCURRENCY: wholeNumber(
      1,
      1000,
      8,
      'Upstream requests in flight at once (per process / isolate).',
    ),
    UPSTREAM_QUEUE: wholeNumber(
      0,
      100_000,
      64,
      'Loads waiting for a free upstream slot, each at most `UPSTREAM_TIMEOUT_MS`; past that: stale copy or `503` + `Retry-After`.',
    ),
    UPSTREAM_BACKOFF: wholeNumber(
      1,
      3600,
      5,
      'Seconds of the first back-off window after an upstream failure without `Retry-After`; doubles with each failure in a row.',
    ),
    UPSTREAM_BACKOFF_MAX: wholeNumber(
      1,
      86_400,
      300,
      "Cap in seconds on a back-off window, upstream's `Retry-After` included.",
    ),
    MISS_BUDGET: wholeNumber(
      0,
      1_000_000,
      120,
      'Upstream loads one client may cause per window (hits and stale answers are free; 0 = off).',
    ),
    MISS_BUDGET_WINDOW: wholeNumber(1, 86_400, 60, 'Window of `MISS_BUDGET` in seconds.'),
    LIST_MAX_COUNT: wholeNumber(
      1,
      1000,
      100,
      'Upper bound of `count` on `/projects/:project/jobs`.',
    ),
  })
}

/** The settings schema. */
export type SettingsSchema = ReturnType<typeof build>
/** The settings, parsed. */
export type Settings = z.output<SettingsSchema>
/** The name of a setting. */
export type SettingName = keyof Settings

let schema: SettingsSchema | undefined

/** The settings schema, built on first use (a Worker isolate builds it once, on its first request). */
export function settingsSchema(): SettingsSchema {
  schema ??= build()
  return schema
}

/** One row of the settings table (the README's table is checked against these). */
export interface SettingDoc {
  name: string
  /** The default as written in env, or what stands for it: `(required; secret)`, `SHUB_STORAGE`. */
  default: string
  /** `min–max` for a number, '' otherwise. */
  range: string
  description: string
}

/** Every setting the worker reads, with its default, range and description, from the schema. */
export function settingDocs(): SettingDoc[] {
  const json = z.toJSONSchema(settingsSchema(), { io: 'input', unrepresentable: 'any' }) as {
    properties: Record<
      string,
      {
        default?: unknown
        shownDefault?: string
        description?: string
        minimum?: number
        maximum?: number
      }
    >
  }
  return Object.entries(json.properties).map(([name, p]) => ({
    name,
    default: p.shownDefault ?? String(p.default),
    range: p.minimum !== undefined ? `${p.minimum}–${p.maximum}` : '',
    description: p.description ?? '',
  }))
}
