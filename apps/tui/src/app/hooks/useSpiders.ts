/** The spiders view's data: each spider's last job (lastjobsummary) and recent finished runs. */
import type { Client, JobQRow } from '@jobmeta/core'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { fetchRows } from '../../list-rows.ts'
import { type SpiderRow, spiderRows } from '../../spider-rows.ts'
import { runLoad } from './load.ts'
import { useInterval } from './useInterval.ts'
import { useRetry } from './useRetry.ts'

/** How many recent finished rows are read to draw the sparklines. */
const RECENT_ROWS = 1000

/** What the spiders view renders. */
export interface SpidersState {
  rows: SpiderRow[]
  loading: boolean
  error?: unknown
  updatedAt?: number
  nextTryAt?: number
  refresh(): void
}

/** Loads the spiders of `project` while `active`: on activation, every `intervalMs` and on `refresh()`. */
export function useSpiders(
  client: Client,
  project: number,
  options: { active: boolean; intervalMs: number; paused: boolean; clock: () => number },
): SpidersState {
  const { active, clock } = options
  const [data, setData] = useState<{ last: JobQRow[]; recent: JobQRow[] }>()
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<unknown>()
  const [updatedAt, setUpdatedAt] = useState<number>()
  const abort = useRef<AbortController | undefined>(undefined)
  const again = useRef(() => {})
  const retry = useRetry(() => again.current(), { ...options, paused: options.paused || !active })
  const { settle } = retry

  const load = useCallback(async () => {
    setLoading(true)
    await runLoad(
      abort,
      (signal) => {
        const jobs = client.jobs(project)
        return Promise.all([
          (async () => {
            const out: JobQRow[] = []
            for await (const r of jobs.lastJobs({}, { signal })) out.push(r)
            return out
          })(),
          fetchRows(client, project, { state: 'finished', count: RECENT_ROWS }, signal),
        ])
      },
      {
        data: ([last, recent]) => {
          setData({ last, recent })
          setError(undefined)
          setUpdatedAt(clock())
          settle(undefined)
        },
        error: (err) => {
          setError(err)
          settle(err)
        },
        done: () => setLoading(false),
      },
    )
  }, [client, project, clock, settle])
  again.current = () => void load()

  useEffect(() => {
    if (!active) return
    void load()
    return () => abort.current?.abort()
  }, [active, load])

  // While failing, the retry schedule takes over from the live interval.
  useInterval(
    () => void load(),
    options.intervalMs,
    active && !options.paused && error === undefined,
  )

  const rows = useMemo(() => (data ? spiderRows(data.last, data.recent) : []), [data])
  return {
    rows,
    loading: loading || (active && !data && error === undefined),
    error,
    ...(updatedAt !== undefined ? { updatedAt } : {}),
    ...(error !== undefined && retry.nextTryAt !== undefined ? { nextTryAt: retry.nextTryAt } : {}),
    refresh: again.current,
  }
}
