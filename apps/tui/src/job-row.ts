/** The job-list columns shared by the viewer's table and `jobmeta ls`. */
import {
  formatDuration,
  formatNumber,
  formatRelativeTime,
  type JobQRow,
  type Outcome,
  outcomeOf,
  rowFigures,
} from '@jobmeta/core'
import { safeValue } from './text.ts'
import { fit } from './text-width.ts'

/** One table column: header, width (0 = takes the rest) and how to read a row. */
export interface Column {
  id: string
  title: string
  width: number
  align: 'left' | 'right'
  value: (row: JobQRow, now: number) => string
}

/** A row value as cell text: '-' when absent, strings as they are, anything else as JSON. */
function cell(v: unknown): string {
  return v === undefined || v === null ? '-' : safeValue(v)
}

function num(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? formatNumber(v) : '-'
}

/** An epoch-ms time of the row; 0 or less is no time (never "20788d ago"). */
function time(row: JobQRow, name: string): number | undefined {
  const v = (row as Record<string, unknown>)[name]
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined
}

/** Run time from what a JobQ row carries; '-' when it cannot be known (never a guess). */
export function rowRunTime(row: JobQRow, now: number): string {
  const started = time(row, 'running_time')
  if (row.state === 'running') {
    const since = started ?? time(row, 'ts')
    return typeof since === 'number' ? formatDuration(Math.max(0, now - since)) : '-'
  }
  const finished = time(row, 'finished_time')
  if (started !== undefined && finished !== undefined) {
    return formatDuration(Math.max(0, finished - started))
  }
  return '-'
}

/** "12s ago" for finished jobs, '-' otherwise. */
export function rowFinished(row: JobQRow, now: number): string {
  const finished =
    time(row, 'finished_time') ?? (row.state === 'finished' ? time(row, 'ts') : undefined)
  return typeof finished === 'number' ? formatRelativeTime(finished, now) : '-'
}

/** Outcome as a symbol and a word, so it never depends on colour alone (NO_COLOR). */
export const OUTCOME_LABELS: Record<Outcome, string> = {
  pending: '◌ pending',
  running: '▶ running',
  ok: '✔ ok',
  failed: '✖ failed',
  cancelled: '⊘ cancelled',
  limit: '◔ limit',
  deleted: '␡ deleted',
  unknown: '? unknown',
}

/** The job key without its project ("S/J"), for a table inside one project. */
const shortKey = (r: JobQRow) => cell(r.key).replace(/^\d+\//, '')

interface ColumnSpec extends Column {
  /** Extra width it takes on wide terminals (weights of the spare columns). */
  grow?: number
}

const OUTCOME_COLUMN: ColumnSpec = {
  id: 'outcome',
  title: 'OUTCOME',
  width: 11,
  align: 'left',
  value: (r) => OUTCOME_LABELS[rowOutcome(r)],
}

const ALL_COLUMNS: ColumnSpec[] = [
  // Rows are read in 'warn' mode: any value may be of another type, so every cell goes through cell()
  { id: 'key', title: 'KEY', width: 14, align: 'left', value: (r) => cell(r.key) },
  {
    id: 'spider',
    title: 'SPIDER',
    width: 14,
    align: 'left',
    value: (r) => cell(r.spider),
    grow: 2,
  },
  { id: 'state', title: 'STATE', width: 8, align: 'left', value: (r) => cell(r.state) },
  {
    id: 'close_reason',
    title: 'CLOSE REASON',
    width: 14,
    align: 'left',
    value: (r) => cell(r.close_reason),
    grow: 2,
  },
  // Core's one definition of the figures: the job page's items, requests and errors are the same.
  { id: 'items', title: 'ITEMS', width: 8, align: 'right', value: (r) => num(rowFigures(r).items) },
  {
    id: 'requests',
    title: 'REQS',
    width: 8,
    align: 'right',
    value: (r) => num(rowFigures(r).requests),
  },
  {
    id: 'errors',
    title: 'ERRS',
    width: 5,
    align: 'right',
    value: (r) => num(rowFigures(r).errors),
  },
  { id: 'runtime', title: 'RUN TIME', width: 8, align: 'right', value: rowRunTime },
  { id: 'finished', title: 'FINISHED', width: 9, align: 'right', value: rowFinished },
  {
    id: 'tags',
    title: 'TAGS',
    width: 6,
    align: 'left',
    value: (r) =>
      Array.isArray(r.tags) ? r.tags.map(safeValue).join(',') : r.tags == null ? '' : cell(r.tags),
    grow: 1,
  },
]

/** Layout options of the table. */
export interface LayoutOptions {
  /** An OUTCOME column (symbol and word, e.g. "✖ failed") instead of STATE. */
  outcome?: boolean
  /** Every row is of this one project: the key may shrink to "S/J". */
  inProject?: boolean
}

/**
 * The columns that fit in `width` terminal columns, by priority: inside a project the key shrinks
 * to "S/J" first; then tags, requests, finished, errors, close reason and run time go, in that
 * order; spare width goes to spider, close reason and tags.
 */
export function columnsFor(width: number, options: LayoutOptions = {}): Column[] {
  const dropOrder = ['tags', 'requests', 'finished', 'errors', 'close_reason', 'runtime']
  const total = (cs: ColumnSpec[]) => cs.reduce((n, c) => n + c.width, 0) + cs.length - 1
  let cols: ColumnSpec[] = ALL_COLUMNS.flatMap((c) =>
    c.id === 'key'
      ? [{ ...c, width: 18 }]
      : c.id === 'state' && options.outcome
        ? [OUTCOME_COLUMN]
        : [c],
  )
  if (options.inProject && total(cols) > width)
    cols = cols.map((c) =>
      c.id === 'key' ? { ...c, width: 10, value: (r: JobQRow) => shortKey(r) } : c,
    )
  for (const id of dropOrder) {
    if (total(cols) <= width) break
    cols = cols.filter((c) => c.id !== id)
  }
  // Spare columns, shared by weight (spider and close reason twice as much as tags).
  let spare = Math.max(0, width - total(cols))
  const weights = cols.reduce((n, c) => n + (c.grow ?? 0), 0)
  const unit = weights ? Math.floor(spare / weights) : 0
  const lastGrowing = cols.reduce((last, c, i) => (c.grow ? i : last), -1)
  return cols.map((c, i) => {
    const extra = !c.grow ? 0 : i === lastGrowing ? spare : Math.min(spare, unit * c.grow)
    spare -= extra
    const { grow: _grow, ...column } = c
    return { ...column, width: c.width + extra }
  })
}

/** Renders the header line for `columns`. */
export function headerLine(columns: Column[]): string {
  return columns.map((c) => fit(c.title, c.width, c.align)).join(' ')
}

/** Renders one job row as a fixed-width line (every cell sanitised and fitted by display width). */
export function rowLine(row: JobQRow, columns: Column[], now: number): string {
  return columns.map((c) => fit(c.value(row, now), c.width, c.align)).join(' ')
}

/**
 * rowLine, remembered per row object: a row is formatted once per layout and clock tick, not on
 * every key press. Rows are immutable (a refresh brings new objects).
 */
export function rowLineCache(columns: Column[], now: number): (row: JobQRow) => string {
  const cache = new WeakMap<JobQRow, string>()
  return (row) => {
    let line = cache.get(row)
    if (line === undefined) {
      line = rowLine(row, columns, now)
      cache.set(row, line)
    }
    return line
  }
}

/** The outcome of a JobQ row (for colour). */
export function rowOutcome(row: JobQRow): Outcome {
  return outcomeOf(row as { state?: string; close_reason?: string })
}
