/** When the list, a job page or the spiders view tries again after failed loads. */
import { RateLimitedError, ServerError } from '@jobmeta/core'

/** The longest wait between two tries of a failing load. */
export const MAX_RETRY_WAIT_MS = 60_000

/**
 * Wait before the next try after `failures` failed loads in a row: the refresh interval, doubled
 * per failure up to a minute, or what the server asked for with Retry-After (capped the same way).
 */
export function retryWait(failures: number, intervalMs: number, error?: unknown): number {
  const asked =
    error instanceof RateLimitedError || error instanceof ServerError
      ? error.retryAfterMs
      : undefined
  if (asked !== undefined) return Math.min(Math.max(0, asked), MAX_RETRY_WAIT_MS)
  const cap = Math.max(intervalMs, MAX_RETRY_WAIT_MS)
  return Math.min(intervalMs * 2 ** (Math.max(1, failures) - 1), cap)
}
