/** When the list or a job page tries again after failed loads: the live interval, doubling. */
import { DEFAULT_RETRY_POLICY, retryDelay } from '@jobmeta/core'

/** The longest wait between two tries of a failing load. */
export const MAX_RETRY_WAIT_MS = 60_000

/**
 * Wait before the next try after `failures` failed loads in a row: the refresh interval, doubled
 * per failure up to a minute (or what the server asked for with Retry-After), as core's retries.
 */
export function retryWait(failures: number, intervalMs: number, error?: unknown): number {
  return retryDelay(
    Math.max(1, failures),
    {
      ...DEFAULT_RETRY_POLICY,
      baseDelayMs: intervalMs,
      maxDelayMs: Math.max(intervalMs, MAX_RETRY_WAIT_MS),
      jitterMs: 0,
      maxRetryAfterMs: MAX_RETRY_WAIT_MS,
    },
    error,
  )
}
