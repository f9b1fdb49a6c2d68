import { getField, getNumericStat } from './fields.ts'
import type { JobMetadata, JobQRow } from './schema.ts'

/**
 * The three counts a job is known by, with one definition for a metadata document and for a JobQ
 * row, so that a list, a job page, a badge and a script show the same numbers for the same job.
 * They are the counters JobQ keeps (its rows carry `items`, `pages`, `errors`, `logs`), read from
 * the scrapystats they come from. A figure is undefined when the data does not support it.
 */
export interface JobFigures {
  /** Items scraped: scrapystats `item_scraped_count`; a row's `items`. */
  items?: number
  /**
   * Requests made, counted as responses received (pages crawled): scrapystats
   * `response_received_count`; a row's `pages`.
   */
  requests?: number
  /**
   * Lines logged at ERROR level: scrapystats `log_count/ERROR` (CRITICAL lines are not counted, as
   * JobQ does not); a row's `errors`. 0 when the job logged at other levels but never at ERROR
   * (stats and rows leave a zero counter out); undefined when nothing was logged at all.
   */
  errors?: number
}

type Input = Record<string, unknown> | JobMetadata

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined
}

/** Whether the stats hold any log_count/<LEVEL> counter (a job that logged anything). */
function logged(meta: JobMetadata, stats: Record<string, unknown>): boolean {
  for (const level of ['INFO', 'WARNING', 'DEBUG', 'CRITICAL']) {
    if (getNumericStat(meta, `log_count/${level}`) !== undefined) return true
  }
  for (const name of Object.keys(stats)) {
    if (name.startsWith('log_count/') && getNumericStat(meta, name) !== undefined) return true
  }
  return false
}

/** The figures of a JobQ row (or of anything with a row's counters: `items`, `pages`, `errors`, `logs`). */
export function rowFigures(row: JobQRow | Input): JobFigures {
  const r = (row !== null && typeof row === 'object' ? row : {}) as Record<string, unknown>
  const own = (k: string) => (Object.hasOwn(r, k) ? r[k] : undefined)
  const out: JobFigures = {}
  const items = count(own('items'))
  if (items !== undefined) out.items = items
  const requests = count(own('pages'))
  if (requests !== undefined) out.requests = requests
  const errors = count(own('errors')) ?? (count(own('logs')) !== undefined ? 0 : undefined)
  if (errors !== undefined) out.errors = errors
  return out
}

/**
 * The figures of a metadata document: from its scrapystats when it has them, else from the JobQ
 * counters `?add_summary=1` merges in (as `rowFigures`). Values of the wrong type count as missing.
 */
export function jobFigures(meta: JobMetadata | Input): JobFigures {
  const m = meta as JobMetadata
  const stats = getField(m, 'scrapystats') as unknown
  if (stats === null || typeof stats !== 'object' || Array.isArray(stats)) return rowFigures(m)
  const out: JobFigures = {}
  const items = count(getNumericStat(m, 'item_scraped_count'))
  if (items !== undefined) out.items = items
  const requests = count(getNumericStat(m, 'response_received_count'))
  if (requests !== undefined) out.requests = requests
  const errors =
    count(getNumericStat(m, 'log_count/ERROR')) ??
    (logged(m, stats as Record<string, unknown>) ? 0 : undefined)
  if (errors !== undefined) out.errors = errors
  return out
}
