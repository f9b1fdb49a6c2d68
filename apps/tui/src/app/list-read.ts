/**
 * The job list's reads outside React: the query of a UI state, its JobQ filters, and the first
 * page, which the CLI asks for before the viewer's modules load (the first draw then has rows).
 */
import type { Client, JobQRow, JobState, ListFilters, Outcome } from '@jobmeta/core'
import { jobqFilters } from '../list-query.ts'
import { fetchRows } from '../list-rows.ts'
import { type InitialUi, initialUi, type UiState } from './state.ts'

/** Server-side filters of the viewer's list (the CLI's `ls` has list-query.ts's ListQuery). */
export interface ViewerQuery {
  project: number
  states: readonly JobState[]
  spider?: string
  tag?: string
  /** Outcomes asked for: JobQ is asked only for the states they can have. */
  outcome: readonly Outcome[]
  /** JobQ startts/endts (epoch ms). */
  since?: number
  until?: number
}

/** Rows per page of the viewer's list. */
export const PAGE_SIZE = 200

/**
 * How long the viewer waits for the first page, counted from its request, before it draws the
 * empty list with "loading…" instead (a slow server still shows the viewer at once).
 */
export const FIRST_PAGE_WAIT_MS = 150

/** The list query of a UI state. */
export function listQueryOfUi(
  ui: Pick<UiState, 'project' | 'states' | 'outcome' | 'spider' | 'tag' | 'range'>,
): ViewerQuery {
  const q: ViewerQuery = { project: ui.project, states: ui.states, outcome: ui.outcome }
  if (ui.spider) q.spider = ui.spider
  if (ui.tag) q.tag = ui.tag
  if (ui.range.since !== undefined) q.since = ui.range.since
  if (ui.range.until !== undefined) q.until = ui.range.until
  return q
}

/** The JobQ filters of a query (without count and start). */
export function filtersOf(q: ViewerQuery): ListFilters {
  return jobqFilters({
    state: [...q.states],
    ...(q.spider ? { spider: q.spider } : {}),
    tag: q.tag ? [q.tag] : [],
    outcome: [...q.outcome],
    ...(q.since !== undefined ? { since: q.since } : {}),
    ...(q.until !== undefined ? { until: q.until } : {}),
  })
}

/** A read of the list's first page started before the viewer rendered. */
export interface FirstPage {
  /** `JSON.stringify` of the query read: the list uses the page only for that query. */
  queryKey: string
  pageSize: number
  /** The read (settles once). */
  rows: Promise<JobQRow[]>
  /** The rows, once the read succeeded. */
  loaded?: JobQRow[]
  /** Settles when the read did, or `FIRST_PAGE_WAIT_MS` after it started, whichever is first. */
  ready: Promise<void>
  /** Cancels the read (the list did not want it). */
  abort(): void
}

/**
 * Starts reading the first page of the list that a viewer opened with `start` shows first;
 * undefined when it opens on a job page.
 */
export function startFirstPage(
  client: Client,
  start: InitialUi,
  pageSize = PAGE_SIZE,
  waitMs = FIRST_PAGE_WAIT_MS,
): FirstPage | undefined {
  const ui = initialUi(start)
  if (ui.screen !== 'list') return undefined
  const query = listQueryOfUi(ui)
  const ac = new AbortController()
  const rows = fetchRows(client, query.project, { ...filtersOf(query), count: pageSize }, ac.signal)
  const page: FirstPage = {
    queryKey: JSON.stringify(query),
    pageSize,
    rows,
    ready: new Promise((resolve) => {
      const timer = setTimeout(resolve, waitMs)
      timer.unref?.()
      const done = () => {
        clearTimeout(timer)
        resolve()
      }
      rows.then((loaded) => {
        page.loaded = loaded
        done()
      }, done)
    }),
    abort: () => ac.abort(),
  }
  return page
}

/** `first` when it was read for this query and page size, else undefined. */
export function firstPageFor(
  first: FirstPage | undefined,
  queryKey: string,
  pageSize: number,
): FirstPage | undefined {
  return first?.queryKey === queryKey && first.pageSize === pageSize ? first : undefined
}
