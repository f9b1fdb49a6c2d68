/** Tries a failed load again by itself, waiting longer after each failure in a row. */
import { useEffect, useRef, useState } from 'react'
import { retryWait } from './backoff.ts'

/** The retry schedule of a load: when the next try is (undefined while it succeeds). */
export interface RetryState {
  nextTryAt?: number
  /** Call after every load: an error schedules the next try, success resets the count. */
  settle(error: unknown | undefined): void
}

/** Calls `retry` at the scheduled time after a failed load, unless `paused`. */
export function useRetry(
  retry: () => void,
  options: { intervalMs: number; paused: boolean; clock: () => number },
): RetryState {
  const { intervalMs, paused, clock } = options
  const failures = useRef(0)
  const [next, setNext] = useState<{ at: number; wait: number }>()
  const retryRef = useRef(retry)
  retryRef.current = retry
  const settle = useRef((error: unknown | undefined) => {
    if (error === undefined) {
      failures.current = 0
      setNext(undefined)
      return
    }
    failures.current += 1
    const wait = retryWait(failures.current, intervalMsRef.current, error)
    setNext({ at: clockRef.current() + wait, wait })
  })
  const intervalMsRef = useRef(intervalMs)
  intervalMsRef.current = intervalMs
  const clockRef = useRef(clock)
  clockRef.current = clock
  useEffect(() => {
    if (!next || paused) return
    const t = setTimeout(() => retryRef.current(), next.wait)
    return () => clearTimeout(t)
  }, [next, paused])
  return { ...(next ? { nextTryAt: next.at } : {}), settle: settle.current }
}
