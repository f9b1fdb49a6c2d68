import { isJobState, type JobRecord, type JobState, setOwn, stateOf, tsOf } from './store.ts'
import { encodeJson } from './wire.ts'

/** Filters of `GET /jobq/P/list` and `/count`, as parsed from the query string. */
export interface ListFilters {
  spider?: string
  states: JobState[]
  startts?: number
  endts?: number
  count?: number
  start: number
  stop?: string
  keys?: Set<string>
  hasTags: string[]
  lacksTags: string[]
  jobmeta: string[]
}

/** Thrown for a query parameter the server cannot parse (answered 400). */
export class ParseError extends Error {}

function intParam(params: URLSearchParams, name: string, min: number): number | undefined {
  const raw = params.get(name)
  if (raw === null || raw === '') return undefined
  if (!/^-?\d+$/.test(raw.trim())) throw new ParseError(`invalid value for ${name}: ${raw}`)
  const n = Number(raw.trim())
  if (!Number.isSafeInteger(n) || n < min) throw new ParseError(`invalid value for ${name}: ${raw}`)
  return n
}

/** The `jobmeta` fields a request asks for (repeatable; empty values dropped). */
export function jobmetaOf(params: URLSearchParams): string[] {
  return params.getAll('jobmeta').filter((m) => m !== '')
}

/** Parses list/count filters; `state` defaults to finished only. Throws ParseError. */
export function parseFilters(params: URLSearchParams): ListFilters {
  const states = params.getAll('state').filter((s) => s !== '')
  for (const s of states) if (!isJobState(s)) throw new ParseError(`invalid state: ${s}`)
  const keys = params.getAll('key')
  const filters: ListFilters = {
    states: states.length ? [...new Set(states as JobState[])] : ['finished'],
    start: intParam(params, 'start', 0) ?? 0,
    hasTags: params.getAll('has_tag'),
    lacksTags: params.getAll('lacks_tag'),
    jobmeta: jobmetaOf(params),
  }
  const spider = params.get('spider')
  if (spider) filters.spider = spider
  const startts = intParam(params, 'startts', 0)
  if (startts !== undefined) filters.startts = startts
  const endts = intParam(params, 'endts', 0)
  if (endts !== undefined) filters.endts = endts
  const count = intParam(params, 'count', 0)
  if (count !== undefined) filters.count = count
  const stop = params.get('stop')
  if (stop) filters.stop = stop
  if (keys.length) filters.keys = new Set(keys)
  return filters
}

/** True when a job passes every non-paging filter. */
export function matches(r: JobRecord, f: ListFilters): boolean {
  if (!f.states.includes(stateOf(r))) return false
  if (f.keys && !f.keys.has(r.key)) return false
  if (f.spider !== undefined && r.meta.spider !== f.spider) return false
  if (f.startts !== undefined || f.endts !== undefined) {
    const ts = tsOf(r)
    if (f.startts !== undefined && ts < f.startts) return false
    if (f.endts !== undefined && ts >= f.endts) return false
  }
  if (f.hasTags.length || f.lacksTags.length) {
    const tags = Array.isArray(r.meta.tags) ? (r.meta.tags as unknown[]) : []
    if (f.hasTags.length && !f.hasTags.some((t) => tags.includes(t))) return false
    if (f.lacksTags.some((t) => tags.includes(t))) return false
  }
  return true
}

/** The jobs a list request selects, in order: filters, then `stop`, `start` and `count`. */
export function* select(jobs: readonly JobRecord[], f: ListFilters): Generator<JobRecord> {
  let skipped = 0
  let taken = 0
  if (f.count === 0) return
  for (const r of jobs) {
    // `stop` ends the listing at that job in JobQ order, whether or not it matches the filters.
    if (f.stop !== undefined && r.key === f.stop) return
    if (!matches(r, f)) continue
    if (skipped < f.start) {
      skipped++
      continue
    }
    yield r
    taken++
    if (f.count !== undefined && taken >= f.count) return
  }
}

/** The `*_time` fields in lifecycle order; a row carries each one its job has reached. */
export const TIME_FIELDS = [
  'pending_time',
  'running_time',
  'finished_time',
  'deleted_time',
] as const

/** The JobQ counters a row may carry. */
export interface Counters {
  items?: number
  pages?: number
  logs?: number
  errors?: number
}

/**
 * The JobQ counters of a job, derived from its `scrapystats`; each appears only when the stats
 * behind it exist (production rows never show a zero counter for a job without stats).
 */
export function counters(meta: Record<string, unknown>): Counters {
  const stats = meta.scrapystats
  if (!stats || typeof stats !== 'object' || Array.isArray(stats)) return {}
  const s = stats as Record<string, unknown>
  const out: Counters = {}
  const items = s.item_scraped_count
  if (typeof items === 'number') out.items = items
  const pages = s.response_received_count
  if (typeof pages === 'number') out.pages = pages
  let logs: number | undefined
  for (const k in s) {
    if (!k.startsWith('log_count/') || !Object.hasOwn(s, k)) continue
    const v = s[k]
    if (typeof v === 'number') logs = (logs ?? 0) + v
  }
  if (logs !== undefined) out.logs = logs
  const errors = s['log_count/ERROR']
  if (typeof errors === 'number') out.errors = errors
  return out
}

/** The job's tags when it has any (rows leave an empty list out). */
function tagsOf(meta: Record<string, unknown>): unknown[] | undefined {
  return Array.isArray(meta.tags) && meta.tags.length > 0 ? meta.tags : undefined
}

/**
 * One JobQ row for a job: key, state, elapsed, ts, spider, every `*_time` reached, tags when
 * any, then `close_reason`, the counters and `version` when the job has them. With `jobmeta`, only
 * key/state/elapsed/ts, those fields and the tags.
 */
export function rowOf(r: JobRecord, now: number, jobmeta: readonly string[] = []): object {
  const state = stateOf(r)
  const ts = tsOf(r)
  const meta = r.meta
  const base: Record<string, unknown> = { key: r.key, state, elapsed: Math.max(0, now - ts), ts }
  if (jobmeta.length) {
    for (const field of jobmeta)
      if (field !== 'auth' && Object.hasOwn(meta, field)) setOwn(base, field, meta[field])
    const tags = tagsOf(meta)
    if (tags && !Object.hasOwn(base, 'tags')) base.tags = tags
    return base
  }
  if (typeof meta.spider === 'string') base.spider = meta.spider
  for (const f of TIME_FIELDS) if (typeof meta[f] === 'number') base[f] = meta[f]
  const tags = tagsOf(meta)
  if (tags) base.tags = tags
  if (meta.close_reason !== undefined) base.close_reason = meta.close_reason
  Object.assign(base, counters(meta))
  if (meta.version !== undefined) base.version = meta.version
  return base
}

/** `encodeJson(rowOf(r, now, jobmeta))`, written directly: the hot path of large lists. */
export function encodeRow(r: JobRecord, now: number, jobmeta: readonly string[] = []): string {
  if (jobmeta.length) return encodeJson(rowOf(r, now, jobmeta))
  const state = stateOf(r)
  const ts = tsOf(r)
  const meta = r.meta
  let out = `{"key": "${r.key}", "state": "${state}", "elapsed": ${Math.max(0, now - ts)}, "ts": ${ts}`
  if (typeof meta.spider === 'string') out += `, "spider": ${encodeJson(meta.spider)}`
  for (const f of TIME_FIELDS) {
    const t = meta[f]
    if (typeof t === 'number') out += `, "${f}": ${encodeJson(t)}`
  }
  const tags = tagsOf(meta)
  if (tags) out += `, "tags": ${encodeJson(tags)}`
  if (meta.close_reason !== undefined) out += `, "close_reason": ${encodeJson(meta.close_reason)}`
  const c = counters(meta)
  if (c.items !== undefined) out += `, "items": ${encodeJson(c.items)}`
  if (c.pages !== undefined) out += `, "pages": ${encodeJson(c.pages)}`
  if (c.logs !== undefined) out += `, "logs": ${encodeJson(c.logs)}`
  if (c.errors !== undefined) out += `, "errors": ${encodeJson(c.errors)}`
  if (meta.version !== undefined) out += `, "version": ${encodeJson(meta.version)}`
  return `${out}}`
}
