/** The job list of a project, streamed from JobQ page by page, with refresh and load-more. */
import type { Client, JobQRow, JobState, ListFilters } from '@jobmeta/core'
import { useCallback, useEffect, useRef, useState } from 'react'
import { listRows } from '../../list-rows.ts'
import { useInterval } from './useInterval.ts'

/** Server-side filters of the list. */
export interface ListQuery {
  project: number
  states: JobState[]
  spider?: string
  tag?: string
}

/** What the list view renders. */
export interface JobListState {
  rows: JobQRow[]
  loading: boolean
  loadingMore: boolean
  /** No more rows on the server. */
  exhausted: boolean
  error?: unknown
  updatedAt?: number
  refresh(): void
  loadMore(): void
}

function filtersOf(q: ListQuery): ListFilters {
  const f: ListFilters = { state: q.states }
  if (q.spider) f.spider = q.spider
  if (q.tag) f.hasTag = q.tag
  return f
}

function collect(
  client: Client,
  q: ListQuery,
  extra: ListFilters,
  signal: AbortSignal,
): Promise<JobQRow[]> {
  return listRows(client, q.project, { ...filtersOf(q), ...extra }, signal)
}

/** Loads `pageSize` rows, more on `loadMore()`, and refreshes every `intervalMs` unless paused. */
export function useJobList(
  client: Client,
  query: ListQuery,
  options: { pageSize: number; intervalMs: number; paused: boolean; clock: () => number },
): JobListState {
  const { pageSize, clock } = options
  const [rows, setRows] = useState<JobQRow[]>([])
  const [loading, setLoading] = useState(true)
  const [loadingMore, setLoadingMore] = useState(false)
  const [exhausted, setExhausted] = useState(false)
  const [error, setError] = useState<unknown>()
  const [updatedAt, setUpdatedAt] = useState<number>()
  const rowsRef = useRef(rows)
  rowsRef.current = rows
  const busy = useRef(false)
  const abort = useRef<AbortController | undefined>(undefined)
  const queryKey = JSON.stringify(query)

  const run = useCallback(
    async (kind: 'reset' | 'refresh' | 'more') => {
      if (busy.current && kind !== 'reset') return
      abort.current?.abort()
      const ac = new AbortController()
      abort.current = ac
      busy.current = true
      const q = JSON.parse(queryKey) as ListQuery
      if (kind === 'reset') {
        setLoading(true)
        setRows([])
        setExhausted(false)
      }
      if (kind === 'more') setLoadingMore(true)
      try {
        const loaded = rowsRef.current
        if (kind === 'more') {
          const page = await collect(
            client,
            q,
            { count: pageSize, start: loaded.length },
            ac.signal,
          )
          if (ac.signal.aborted) return
          const seen = new Set(loaded.map((r) => r.key))
          setRows([...loaded, ...page.filter((r) => !seen.has(r.key))])
          if (page.length < pageSize) setExhausted(true)
        } else {
          // A refresh re-reads the head of the list (at most 1,000 rows) and keeps the tail already loaded.
          const n = kind === 'reset' ? pageSize : Math.min(Math.max(loaded.length, pageSize), 1000)
          const head = await collect(client, q, { count: n }, ac.signal)
          if (ac.signal.aborted) return
          const seen = new Set(head.map((r) => r.key))
          const tail = kind === 'reset' ? [] : loaded.slice(n).filter((r) => !seen.has(r.key))
          setRows([...head, ...tail])
          if (head.length < n) setExhausted(true)
        }
        setError(undefined)
        setUpdatedAt(clock())
      } catch (err) {
        if (!ac.signal.aborted) setError(err)
      } finally {
        if (abort.current === ac) {
          busy.current = false
          setLoading(false)
          setLoadingMore(false)
        }
      }
    },
    [client, queryKey, pageSize, clock],
  )

  useEffect(() => {
    void run('reset')
    return () => abort.current?.abort()
  }, [run])

  useInterval(() => void run('refresh'), options.intervalMs, !options.paused)

  const refresh = useCallback(() => void run('refresh'), [run])
  const loadMore = useCallback(() => {
    if (!exhausted) void run('more')
  }, [run, exhausted])
  return { rows, loading, loadingMore, exhausted, error, updatedAt, refresh, loadMore }
}
