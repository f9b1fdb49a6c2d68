/** One job's metadata; refreshes itself while the job is pending or running. */
import { type Client, isActiveState, type JobMetadata } from '@jobmeta/core'
import { useCallback, useEffect, useRef, useState } from 'react'
import { runLoad } from './load.ts'
import { useInterval } from './useInterval.ts'
import { useRetry } from './useRetry.ts'

/** What the detail view renders. */
export interface JobData {
  meta?: JobMetadata
  loading: boolean
  error?: unknown
  updatedAt?: number
  /** After a failed load: when it is tried again by itself. */
  nextTryAt?: number
  refresh(): void
}

/** Fetches job `key`; while it is pending/running, re-fetches every `intervalMs` unless paused. */
export function useJob(
  client: Client,
  key: string | undefined,
  options: { intervalMs: number; paused: boolean; clock: () => number },
): JobData {
  const { clock } = options
  const [meta, setMeta] = useState<JobMetadata>()
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<unknown>()
  const [updatedAt, setUpdatedAt] = useState<number>()
  const abort = useRef<AbortController | undefined>(undefined)
  const retryLoad = useRef(() => {})
  const retry = useRetry(() => retryLoad.current(), options)
  const { settle } = retry

  const load = useCallback(
    async (reset: boolean) => {
      if (!key) return
      if (reset) {
        setMeta(undefined)
        setError(undefined)
        setUpdatedAt(undefined)
      }
      setLoading(true)
      await runLoad(abort, (signal) => client.job(key).get({ signal }), {
        data: (m) => {
          setMeta(m)
          setError(undefined)
          setUpdatedAt(clock())
          settle(undefined)
        },
        error: (err) => {
          setError(err)
          settle(err)
        },
        done: () => setLoading(false),
      })
    },
    [client, key, clock, settle],
  )
  retryLoad.current = () => void load(false)

  useEffect(() => {
    void load(true)
    return () => abort.current?.abort()
  }, [load])

  const live = isActiveState(meta?.state)
  // While failing, the retry schedule takes over from the live interval.
  useInterval(
    () => void load(false),
    options.intervalMs,
    !!key && live && !options.paused && error === undefined,
  )
  const refresh = useCallback(() => void load(false), [load])
  return {
    meta,
    loading,
    error,
    updatedAt,
    ...(error !== undefined && retry.nextTryAt !== undefined ? { nextTryAt: retry.nextTryAt } : {}),
    refresh,
  }
}
