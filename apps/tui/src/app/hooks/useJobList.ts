/** The job list of a project, streamed from JobQ page by page, with refresh and load-more. */
import type { Client, JobQRow, ListFilters } from '@jobmeta/core'
import { useCallback, useEffect, useRef, useState } from 'react'
import { fetchRows, fetchRunningTimes, withRunningTimes } from '../../list-rows.ts'
import { type FirstPage, filtersOf, firstPageFor, type ViewerQuery } from '../list-read.ts'
import { runLoad } from './load.ts'
import { useInterval } from './useInterval.ts'
import { useRetry } from './useRetry.ts'

/** What the list view renders. */
export interface JobListState {
  rows: JobQRow[]
  loading: boolean
  loadingMore: boolean
  /** No more rows on the server. */
  exhausted: boolean
  error?: unknown
  updatedAt?: number
  /** After a failed load: when it is tried again by itself. */
  nextTryAt?: number
  refresh(): void
  loadMore(): void
}

/**
 * Loads `pageSize` rows, more on `loadMore()`, and refreshes every `intervalMs` unless paused.
 * `first`, a first page already asked for (the CLI's start), stands in for the first read of its
 * query: when it has arrived the list starts with its rows, without a "loading…" render.
 */
export function useJobList(
  client: Client,
  query: ViewerQuery,
  options: {
    pageSize: number
    intervalMs: number
    paused: boolean
    clock: () => number
    first?: FirstPage
  },
): JobListState {
  const { pageSize, clock } = options
  const queryKey = JSON.stringify(query)
  // Read once, at mount: a first page that does not match the query is dropped by the first read.
  const pending = useRef(options.first)
  const [seeded] = useState(() => firstPageFor(options.first, queryKey, pageSize)?.loaded)
  const [rows, setRows] = useState<JobQRow[]>(seeded ?? [])
  const [loading, setLoading] = useState(seeded === undefined)
  const [loadingMore, setLoadingMore] = useState(false)
  const [exhausted, setExhausted] = useState(seeded !== undefined && seeded.length < pageSize)
  const [error, setError] = useState<unknown>()
  const [updatedAt, setUpdatedAt] = useState(seeded === undefined ? undefined : clock())
  const rowsRef = useRef(rows)
  const busy = useRef(false)
  // A page asked for while another read runs (a live refresh): loaded as soon as that read ends.
  const moreWanted = useRef(false)
  const abort = useRef<AbortController | undefined>(undefined)
  // Start times of finished jobs never change: remembered across refreshes and pages.
  const started = useRef(new Map<string, number>())
  const retryRun = useRef(() => {})
  const retry = useRetry(() => retryRun.current(), options)
  const { settle } = retry

  const commit = useCallback((next: JobQRow[]) => {
    const filled = withRunningTimes(next, started.current)
    rowsRef.current = filled
    setRows(filled)
  }, [])

  const run = useCallback(
    async (kind: 'reset' | 'refresh' | 'more') => {
      if (busy.current && kind !== 'reset') {
        if (kind === 'more') moreWanted.current = true
        return
      }
      if (kind !== 'refresh') moreWanted.current = false
      busy.current = true
      const q = JSON.parse(queryKey) as ViewerQuery
      const first = pending.current
      pending.current = undefined
      const early = kind === 'reset' ? firstPageFor(first, queryKey, pageSize) : undefined
      if (first && !early) first.abort()
      // Rows already shown from the first page stay until the same rows are committed again.
      if (kind === 'reset' && early?.loaded === undefined) {
        setLoading(true)
        setUpdatedAt(undefined)
        commit([])
        setExhausted(false)
      }
      if (kind === 'more') setLoadingMore(true)
      let read: ListFilters | undefined
      let fresh: JobQRow[] = []
      const signal = await runLoad(
        abort,
        async (signal) => {
          const loaded = rowsRef.current
          if (kind === 'more') {
            read = { ...filtersOf(q), count: pageSize, start: loaded.length }
            fresh = await fetchRows(client, q.project, read, signal)
            if (signal.aborted) return
            const seen = new Set(loaded.map((r) => r.key))
            commit([...loaded, ...fresh.filter((r) => !seen.has(r.key))])
            if (fresh.length < pageSize) setExhausted(true)
          } else {
            // A refresh re-reads the head of the list (at most 1,000 rows) and keeps the tail already loaded.
            const n =
              kind === 'reset' ? pageSize : Math.min(Math.max(loaded.length, pageSize), 1000)
            read = { ...filtersOf(q), count: n }
            if (early) signal.addEventListener('abort', early.abort, { once: true })
            fresh = await (early ? early.rows : fetchRows(client, q.project, read, signal))
            if (signal.aborted) return
            const seen = new Set(fresh.map((r) => r.key))
            const tail = kind === 'reset' ? [] : loaded.slice(n).filter((r) => !seen.has(r.key))
            commit([...fresh, ...tail])
            if (fresh.length < n) setExhausted(true)
          }
        },
        {
          data: () => {
            setError(undefined)
            setUpdatedAt(clock())
            settle(undefined)
          },
          error: (err) => {
            setError(err)
            settle(err)
          },
          done: (signal) => {
            busy.current = false
            setLoading(false)
            setLoadingMore(false)
            if (moreWanted.current && !signal.aborted) {
              moreWanted.current = false
              void run('more')
            }
          },
        },
      )
      // Then, without holding up the first paint, the start times the rows lack.
      const missing = fresh.some(
        (r) =>
          r.state === 'finished' && r.running_time === undefined && !started.current.has(r.key),
      )
      if (read && missing && !signal.aborted) {
        const times = await fetchRunningTimes(client, q.project, read, signal)
        if (signal.aborted) return
        for (const [k, v] of times) started.current.set(k, v)
        commit(rowsRef.current)
      }
    },
    [client, queryKey, pageSize, clock, commit, settle],
  )
  retryRun.current = () => void run(rowsRef.current.length ? 'refresh' : 'reset')

  useEffect(() => {
    void run('reset')
    return () => abort.current?.abort()
  }, [run])

  // While failing, the retry schedule takes over from the live interval.
  useInterval(() => void run('refresh'), options.intervalMs, !options.paused && error === undefined)

  const refresh = useCallback(() => void run('refresh'), [run])
  const loadMore = useCallback(() => {
    if (!exhausted) void run('more')
  }, [run, exhausted])
  return {
    rows,
    loading,
    loadingMore,
    exhausted,
    error,
    updatedAt,
    ...(error !== undefined && retry.nextTryAt !== undefined ? { nextTryAt: retry.nextTryAt } : {}),
    refresh,
    loadMore,
  }
}
