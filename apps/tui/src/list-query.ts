/**
 * What a job list asks for (states, spider, tags, outcomes, time range, sort, count) and how it is
 * answered: the part JobQ can filter (`jobqFilters`), the rest applied to the rows it returns
 * (`filterRows`, `sortRows`). Shared by `jobmeta ls` and the viewer's list; pure functions only.
 */
import {
  JOB_STATES,
  type JobMetadata,
  type JobQRow,
  type JobState,
  LISTED_STATES,
  type ListFilters,
  type Outcome,
  outcomeOf,
  rowFigures,
  stateOfOutcome,
  summarize,
} from '@jobmeta/core'

/** The orders a list can be sorted in (newest/largest first). */
export type SortKey = 'started' | 'finished' | 'items' | 'errors' | 'runtime'

/** Every sort key, in the order help lists them. */
export const SORT_KEYS: readonly SortKey[] = ['started', 'finished', 'items', 'errors', 'runtime']

/** A job list request, as typed values. Empty arrays mean "no filter". */
export interface ListQuery {
  state: JobState[]
  spider?: string
  tag: string[]
  /** Only jobs with one of these outcomes (core's outcome rule), applied to the rows. */
  outcome: Outcome[]
  /** Epoch ms: only jobs whose current state began at or after this (JobQ `startts`). */
  since?: number
  /** Epoch ms: only jobs whose current state began before this (JobQ `endts`, exclusive). */
  until?: number
  sort?: SortKey
  /** At most this many rows (after the outcome filter). */
  count?: number
}

/** The list query part of parsed command-line options (CliOptions extends ListQuery), copied. */
export function listQueryOf(options: ListQuery): ListQuery {
  const query: ListQuery = {
    state: [...options.state],
    tag: [...options.tag],
    outcome: [...options.outcome],
  }
  if (options.spider !== undefined) query.spider = options.spider
  if (options.since !== undefined) query.since = options.since
  if (options.until !== undefined) query.until = options.until
  if (options.sort !== undefined) query.sort = options.sort
  if (options.count !== undefined) query.count = options.count
  return query
}

/**
 * The states to ask JobQ for: without outcomes, the asked ones (else pending, running, finished);
 * with outcomes, the states those outcomes can have (`failed` → finished, `deleted` → deleted),
 * within the asked ones if any.
 */
export function statesOf(query: Pick<ListQuery, 'state' | 'outcome'>): JobState[] {
  if (query.outcome.length === 0) return query.state.length ? query.state : [...LISTED_STATES]
  const wanted = new Set(query.outcome.map(stateOfOutcome))
  const asked = query.state.length ? query.state : [...JOB_STATES]
  const narrowed = asked.filter((s) => wanted.has(s))
  // none left (--state running --outcome failed): the outcome filter then lets no row through
  return narrowed.length ? narrowed : asked
}

/**
 * The JobQ filters of (any part of) a query: states (narrowed to what the asked outcomes can
 * have; only when `state` is given), spider, tags, and the time range as `startts`/`endts` (which
 * JobQ applies to the time of the job's current state, `ts`). The outcome filter and the sort are
 * not JobQ's: `filterRows`/`sortRows` apply them. `count` is left to the caller, who pages until
 * enough rows pass the outcome filter.
 */
export function jobqFilters(query: Partial<ListQuery>): ListFilters {
  const filters: ListFilters = {}
  if (query.state !== undefined)
    filters.state = statesOf({ state: query.state, outcome: query.outcome ?? [] })
  if (query.spider !== undefined) filters.spider = query.spider
  if (query.tag?.length) filters.hasTag = query.tag
  if (query.since !== undefined) filters.startTs = query.since
  if (query.until !== undefined) filters.endTs = query.until
  return filters
}

/** The part of a query applied to rows. */
export type RowQuery = Pick<ListQuery, 'outcome' | 'since' | 'until'>

function epoch(row: JobQRow, name: string): number | undefined {
  const v = (row as Record<string, unknown>)[name]
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

/** Whether a row passes the query's outcome and time range (the range is checked again here: a server may ignore `endts`). */
export function rowMatches(row: JobQRow, query: RowQuery): boolean {
  if (query.outcome.length && !query.outcome.includes(outcomeOf(row))) return false
  if (query.since !== undefined || query.until !== undefined) {
    const ts = epoch(row, 'ts')
    if (ts === undefined) return false
    if (query.since !== undefined && ts < query.since) return false
    if (query.until !== undefined && ts >= query.until) return false
  }
  return true
}

/** The rows that pass the query's outcome filter and time range, in their order. */
export function filterRows(rows: readonly JobQRow[], query: RowQuery): JobQRow[] {
  return rows.filter((r) => rowMatches(r, query))
}

/** A row's value for a sort key; undefined sorts last. */
export function sortValue(row: JobQRow, sort: SortKey, now: number): number | undefined {
  switch (sort) {
    case 'started':
      return epoch(row, 'running_time') ?? epoch(row, 'pending_time')
    case 'finished':
      return epoch(row, 'finished_time')
    case 'runtime':
      return summarize(row as unknown as JobMetadata, now).runTimeMs
    case 'items':
      return rowFigures(row).items
    case 'errors':
      return rowFigures(row).errors
  }
}

/**
 * The rows sorted by `sort`, largest/newest first; rows without the value go last, ties keep
 * their order (JobQ's, newest first). Without a sort key the rows are returned as they are.
 */
export function sortRows(
  rows: readonly JobQRow[],
  sort: SortKey | undefined,
  now: number = Date.now(),
): JobQRow[] {
  if (sort === undefined) return [...rows]
  const keyed = rows.map((row, i) => ({ row, i, v: sortValue(row, sort, now) }))
  keyed.sort((a, b) => {
    if (a.v === undefined || b.v === undefined) {
      if (a.v === b.v) return a.i - b.i
      return a.v === undefined ? 1 : -1
    }
    return b.v - a.v || a.i - b.i
  })
  return keyed.map((k) => k.row)
}
