/** One job's metadata; refreshes itself while the job is pending or running. */
import { type Client, isActiveState, type JobMetadata } from '@jobmeta/core'
import { useCallback, useEffect, useRef, useState } from 'react'
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
      abort.current?.abort()
      const ac = new AbortController()
      abort.current = ac
      if (reset) {
        setMeta(undefined)
        setError(undefined)
        setUpdatedAt(undefined)
      }
      setLoading(true)
      try {
        const m = await client.job(key).get({ signal: ac.signal })
        if (ac.signal.aborted) return
        setMeta(m)
        setError(undefined)
        setUpdatedAt(clock())
        settle(undefined)
      } catch (err) {
        if (!ac.signal.aborted) {
          setError(err)
          settle(err)
        }
      } finally {
        if (abort.current === ac) setLoading(false)
      }
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
