/** The job-list columns shared by the viewer's table and `jobmeta ls`. */
import {
  formatDuration,
  formatNumber,
  formatRelativeTime,
  type JobQRow,
  type Outcome,
  outcomeOf,
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

function time(row: JobQRow, name: string): number | undefined {
  const v = (row as Record<string, unknown>)[name]
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
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

const ALL_COLUMNS: Column[] = [
  // Rows are read in 'warn' mode: any value may be of another type, so every cell goes through cell()
  { id: 'key', title: 'KEY', width: 18, align: 'left', value: (r) => cell(r.key) },
  { id: 'spider', title: 'SPIDER', width: 16, align: 'left', value: (r) => cell(r.spider) },
  { id: 'state', title: 'STATE', width: 8, align: 'left', value: (r) => cell(r.state) },
  {
    id: 'close_reason',
    title: 'CLOSE REASON',
    width: 18,
    align: 'left',
    value: (r) => cell(r.close_reason),
  },
  { id: 'items', title: 'ITEMS', width: 8, align: 'right', value: (r) => num(r.items) },
  { id: 'requests', title: 'REQS', width: 8, align: 'right', value: (r) => num(r.pages) },
  { id: 'errors', title: 'ERRS', width: 5, align: 'right', value: (r) => num(r.errors) },
  { id: 'runtime', title: 'RUN TIME', width: 8, align: 'right', value: rowRunTime },
  { id: 'finished', title: 'FINISHED', width: 9, align: 'right', value: rowFinished },
  {
    id: 'tags',
    title: 'TAGS',
    width: 0,
    align: 'left',
    value: (r) =>
      Array.isArray(r.tags) ? r.tags.map(safeValue).join(',') : r.tags == null ? '' : cell(r.tags),
  },
]

/** The columns that fit in `width` terminal columns (drops the least important first). */
export function columnsFor(width: number): Column[] {
  const dropOrder = ['tags', 'requests', 'errors', 'close_reason', 'finished', 'runtime']
  let cols = ALL_COLUMNS.slice()
  const fixed = (cs: Column[]) => cs.reduce((n, c) => n + c.width + 1, 0)
  for (const id of dropOrder) {
    const minRest = cols.some((c) => c.id === 'tags') ? 6 : 0
    if (fixed(cols) + minRest <= width) break
    cols = cols.filter((c) => c.id !== id)
  }
  const rest = width - fixed(cols.filter((c) => c.width > 0))
  return cols.map((c) => (c.width === 0 ? { ...c, width: Math.max(rest - 1, 4) } : c))
}

/** Renders the header line for `columns`. */
export function headerLine(columns: Column[]): string {
  return columns.map((c) => fit(c.title, c.width, c.align)).join(' ')
}

/** Renders one job row as a fixed-width line (every cell sanitised and fitted by display width). */
export function rowLine(row: JobQRow, columns: Column[], now: number): string {
  return columns.map((c) => fit(c.value(row, now), c.width, c.align)).join(' ')
}

/** The outcome of a JobQ row (for colour). */
export function rowOutcome(row: JobQRow): Outcome {
  return outcomeOf(row as { state?: string; close_reason?: string })
}
