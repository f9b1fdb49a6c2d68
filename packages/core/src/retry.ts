import {
  AbortedError,
  JobmetaError,
  NetworkError,
  RateLimitedError,
  ServerError,
  TimeoutError,
} from './errors.ts'

/** When and how idempotent requests are retried. */
export interface RetryPolicy {
  /** Total attempts including the first (4). */
  attempts: number
  /** Wait before the first retry; doubles each time (4000 -> 4 s, 8 s, 16 s). */
  baseDelayMs: number
  /** Cap on one backoff wait (30000). */
  maxDelayMs: number
  /** Random extra wait added to each backoff, 0..jitterMs (500). */
  jitterMs: number
  /** No retry is started if it could not begin before this much time since the first attempt (60000). */
  deadlineMs: number
  /** Cap on a server-requested Retry-After wait (30000). */
  maxRetryAfterMs: number
  /** HTTP statuses that are retried (408, 429, 502, 503, 504); network errors and timeouts always are. */
  statuses: number[]
}

/** The spec's policy: 4 attempts, ~4/8/16 s with up to 0.5 s jitter, 60 s in all. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  attempts: 4,
  baseDelayMs: 4000,
  maxDelayMs: 30000,
  jitterMs: 500,
  deadlineMs: 60000,
  maxRetryAfterMs: 30000,
  statuses: [408, 429, 502, 503, 504],
})

/** Merge user options over the default policy; `false` means a single attempt. */
export function resolveRetryPolicy(option: Partial<RetryPolicy> | false | undefined): RetryPolicy {
  if (option === false) return { ...DEFAULT_RETRY_POLICY, statuses: [], attempts: 1 }
  const p = { ...DEFAULT_RETRY_POLICY, ...option }
  p.attempts = Math.max(1, Math.floor(p.attempts))
  return p
}

/** Whether an error of an idempotent request may be retried under the policy. */
export function isRetryable(error: unknown, policy: RetryPolicy): boolean {
  if (error instanceof AbortedError) return false
  if (error instanceof NetworkError || error instanceof TimeoutError) return true
  return (
    error instanceof JobmetaError &&
    error.status !== undefined &&
    policy.statuses.includes(error.status)
  )
}

/** Wait before retry number `retry` (1-based): Retry-After when the server gave one (capped), else backoff + jitter. */
export function retryDelay(
  retry: number,
  policy: RetryPolicy,
  error?: unknown,
  random: () => number = Math.random,
): number {
  const asked =
    error instanceof RateLimitedError || error instanceof ServerError
      ? error.retryAfterMs
      : undefined
  if (asked !== undefined) return Math.min(Math.max(0, asked), policy.maxRetryAfterMs)
  const backoff = Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs)
  return backoff + Math.floor(random() * policy.jitterMs)
}

/** Sleep that ends early with AbortedError when the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortedError('Aborted', { cause: signal.reason }))
      return
    }
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(new AbortedError('Aborted', { cause: signal?.reason }))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** What `onRetry` is told before the wait of a retry. */
export interface RetryInfo {
  /** The attempt that failed (1-based); the next one is attempt + 1. */
  attempt: number
  /** Attempts the policy allows in all. */
  attempts: number
  /** The wait before the next attempt. */
  delayMs: number
  /** Why the attempt failed. */
  error: unknown
}

/** Run `attempt` under the policy; `onRetry` sees each retry before its wait. */
export async function withRetry<T>(
  attempt: (n: number) => Promise<T>,
  options: {
    policy: RetryPolicy
    idempotent: boolean
    signal?: AbortSignal
    now?: () => number
    random?: () => number
    onRetry?: ((info: RetryInfo) => void) | undefined
  },
): Promise<T> {
  const { policy } = options
  const now = options.now ?? Date.now
  const started = now()
  for (let n = 1; ; n++) {
    try {
      return await attempt(n)
    } catch (error) {
      if (!options.idempotent || n >= policy.attempts || !isRetryable(error, policy)) throw error
      const delayMs = retryDelay(n, policy, error, options.random)
      if (now() - started + delayMs > policy.deadlineMs) throw error
      options.onRetry?.({ attempt: n, attempts: policy.attempts, delayMs, error })
      await sleep(delayMs, options.signal)
    }
  }
}
