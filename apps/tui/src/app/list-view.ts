/** The rows the list shows: text and outcome filters, the sort, pending and running on top. */
import type { JobQRow, Outcome } from '@jobmeta/core'
import { filterRows, type SortKey, sortRows } from '../list-query.ts'

/** Client-side shaping of the loaded rows. */
export interface RowView {
  text: string
  outcome: readonly Outcome[]
  sort?: SortKey
}

const haystacks = new WeakMap<JobQRow, string>()

/** The lower-case text a free-text filter searches in a row (key, spider, state, close reason, tags). */
function haystack(row: JobQRow): string {
  let hay = haystacks.get(row)
  if (hay === undefined) {
    const tags = Array.isArray(row.tags) ? row.tags : [row.tags]
    hay = [row.key, row.spider, row.state, row.close_reason, ...tags]
      .filter((v) => v !== undefined && v !== null)
      .map(String)
      .join(' ')
      .toLowerCase()
    haystacks.set(row, hay)
  }
  return hay
}

/** Whether every word of `text` occurs in the row. */
export function matchesText(row: JobQRow, text: string): boolean {
  return textMatcher(text)(row)
}

/** A test for rows containing every word of `text` (the words split once, not per row). */
function textMatcher(text: string): (row: JobQRow) => boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean)
  return (row) => {
    const hay = haystack(row)
    return words.every((w) => hay.includes(w))
  }
}

const GROUP: Record<string, number> = { pending: 0, running: 1 }

/**
 * Pending and running jobs above the rest (as the dashboard's queues), each group in `sort`
 * order, so an old pending job never sinks below finished ones.
 */
export function groupedRows(
  rows: readonly JobQRow[],
  sort: SortKey | undefined,
  now: number,
): JobQRow[] {
  const sorted = sortRows(rows, sort, now)
  const group = (r: JobQRow) => GROUP[String(r.state)] ?? 2
  return [0, 1, 2].flatMap((g) => sorted.filter((r) => group(r) === g))
}

/** A filter result, kept so that typing more of the same text narrows it instead of starting over. */
export interface Shown {
  ordered: readonly JobQRow[]
  outcome: readonly Outcome[]
  text: string
  rows: readonly JobQRow[]
}

/**
 * Of rows already in order (groupedRows), those the outcome and text filters keep. With the
 * previous result for the same rows and outcome, text that extends the previous text filters only
 * the previous matches (each of them still holds every earlier word).
 */
export function shownRows(
  ordered: readonly JobQRow[],
  view: Pick<RowView, 'text' | 'outcome'>,
  previous?: Shown,
): Shown {
  const reuse =
    previous !== undefined &&
    previous.ordered === ordered &&
    previous.outcome === view.outcome &&
    previous.text !== '' &&
    view.text.startsWith(previous.text)
  const base = reuse
    ? previous.rows
    : view.outcome.length
      ? filterRows(ordered, { outcome: [...view.outcome] })
      : ordered
  const rows = view.text ? base.filter(textMatcher(view.text)) : base
  return { ordered, outcome: view.outcome, text: view.text, rows }
}
