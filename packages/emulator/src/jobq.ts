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
    jobmeta: params.getAll('jobmeta').filter((m) => m !== ''),
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

function statNumber(stats: Record<string, unknown>, name: string): number {
  const v = stats[name]
  return typeof v === 'number' ? v : 0
}

/** The JobQ counters production rows carry, derived from `scrapystats`. */
export function counters(meta: Record<string, unknown>): {
  items: number
  pages: number
  logs: number
  errors: number
} {
  const stats =
    meta.scrapystats && typeof meta.scrapystats === 'object'
      ? (meta.scrapystats as Record<string, unknown>)
      : {}
  let logs = 0
  for (const k in stats) {
    if (!k.startsWith('log_count/') || !Object.hasOwn(stats, k)) continue
    const v = stats[k]
    if (typeof v === 'number') logs += v
  }
  return {
    items: statNumber(stats, 'item_scraped_count'),
    pages: statNumber(stats, 'response_received_count'),
    logs,
    errors: statNumber(stats, 'log_count/ERROR'),
  }
}

/** One JobQ row for a job; with `jobmeta`, only key/state/elapsed/ts plus those fields. */
export function rowOf(r: JobRecord, now: number, jobmeta: readonly string[] = []): object {
  const state = stateOf(r)
  const ts = tsOf(r)
  const base: Record<string, unknown> = { key: r.key, state, elapsed: Math.max(0, now - ts), ts }
  if (jobmeta.length) {
    for (const field of jobmeta)
      if (field !== 'auth' && Object.hasOwn(r.meta, field)) setOwn(base, field, r.meta[field])
    return base
  }
  if (typeof r.meta.spider === 'string') base.spider = r.meta.spider
  base[`${state}_time`] = ts
  const tags = r.meta.tags
  if (Array.isArray(tags) && tags.length) base.tags = tags
  if (r.meta.close_reason !== undefined) base.close_reason = r.meta.close_reason
  if (state !== 'pending') Object.assign(base, counters(r.meta))
  if (r.meta.version !== undefined) base.version = r.meta.version
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
  out += `, "${state}_time": ${ts}`
  const tags = meta.tags
  if (Array.isArray(tags) && tags.length) out += `, "tags": ${encodeJson(tags)}`
  if (meta.close_reason !== undefined) out += `, "close_reason": ${encodeJson(meta.close_reason)}`
  if (state !== 'pending') {
    const c = counters(meta)
    out += `, "items": ${c.items}, "pages": ${c.pages}, "logs": ${c.logs}, "errors": ${c.errors}`
  }
  if (meta.version !== undefined) out += `, "version": ${encodeJson(meta.version)}`
  return `${out}}`
}
