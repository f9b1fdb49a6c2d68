import { describe, expect, it } from 'vitest'
import {
  AbortedError,
  BadRequestError,
  NetworkError,
  parseRetryAfter,
  RateLimitedError,
  ServerError,
  TimeoutError,
} from './errors.ts'
import {
  DEFAULT_RETRY_POLICY,
  isRetryable,
  resolveRetryPolicy,
  retryDelay,
  sleep,
  withRetry,
} from './retry.ts'

const fast = resolveRetryPolicy({ baseDelayMs: 1, jitterMs: 0, maxDelayMs: 4 })
const status = (s: number) => new ServerError('x', { status: s })

describe('retry policy', () => {
  it('defaults follow the spec', () => {
    expect(DEFAULT_RETRY_POLICY).toMatchObject({
      attempts: 4,
      baseDelayMs: 4000,
      jitterMs: 500,
      deadlineMs: 60000,
    })
    expect(DEFAULT_RETRY_POLICY.statuses).toEqual([408, 429, 502, 503, 504])
  })
  it('backs off 4/8/16 s with at most 0.5 s jitter', () => {
    const p = resolveRetryPolicy(undefined)
    expect([1, 2, 3].map((n) => retryDelay(n, p, undefined, () => 0))).toEqual([4000, 8000, 16000])
    expect(retryDelay(1, p, undefined, () => 0.999)).toBe(4499)
    expect(retryDelay(10, p, undefined, () => 0)).toBe(30000)
  })
  it('honours Retry-After, capped', () => {
    const p = resolveRetryPolicy({ maxRetryAfterMs: 5000 })
    expect(retryDelay(1, p, new RateLimitedError('x', { status: 429, retryAfterMs: 2000 }))).toBe(
      2000,
    )
    expect(retryDelay(1, p, new RateLimitedError('x', { status: 429, retryAfterMs: 90000 }))).toBe(
      5000,
    )
    expect(retryDelay(1, p, new ServerError('x', { status: 503, retryAfterMs: 1000 }))).toBe(1000)
  })
  it('parses Retry-After seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000)
    expect(parseRetryAfter('0.5')).toBe(500)
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:07 GMT', now)).toBe(7000)
    expect(parseRetryAfter('Thu, 01 Jan 2025 00:00:07 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon')).toBeUndefined()
    expect(parseRetryAfter(null)).toBeUndefined()
  })
  it('retries only what the spec says', () => {
    const p = resolveRetryPolicy(undefined)
    for (const s of [408, 429, 502, 503, 504]) expect(isRetryable(status(s), p)).toBe(true)
    for (const s of [500, 400, 401]) expect(isRetryable(status(s), p)).toBe(false)
    expect(isRetryable(new NetworkError('x'), p)).toBe(true)
    expect(isRetryable(new TimeoutError('x'), p)).toBe(true)
    expect(isRetryable(new AbortedError('x'), p)).toBe(false)
    expect(isRetryable(new BadRequestError('x'), p)).toBe(false)
    expect(isRetryable(new Error('x'), p)).toBe(false)
  })
})

describe('withRetry', () => {
  it('retries up to the attempt limit then throws the last error', async () => {
    let calls = 0
    await expect(
      withRetry(
        async () => {
          calls++
          throw status(503)
        },
        { policy: fast, idempotent: true },
      ),
    ).rejects.toBeInstanceOf(ServerError)
    expect(calls).toBe(4)
  })
  it('does not retry non-idempotent calls or non-retryable errors', async () => {
    let calls = 0
    const fail = async () => {
      calls++
      throw status(503)
    }
    await expect(withRetry(fail, { policy: fast, idempotent: false })).rejects.toThrow()
    expect(calls).toBe(1)
    calls = 0
    await expect(
      withRetry(
        async () => {
          calls++
          throw status(500)
        },
        { policy: fast, idempotent: true },
      ),
    ).rejects.toThrow()
    expect(calls).toBe(1)
  })
  it('returns the first success', async () => {
    let calls = 0
    const v = await withRetry(
      async () => {
        if (++calls < 3) throw new NetworkError('reset')
        return 'ok'
      },
      { policy: fast, idempotent: true },
    )
    expect(v).toBe('ok')
    expect(calls).toBe(3)
  })
  it('stops when the next wait would pass the deadline', async () => {
    let t = 0
    let calls = 0
    const p = resolveRetryPolicy({ baseDelayMs: 1, jitterMs: 0, deadlineMs: 10 })
    await expect(
      withRetry(
        async () => {
          calls++
          t += 6
          throw status(503)
        },
        { policy: p, idempotent: true, now: () => t },
      ),
    ).rejects.toThrow()
    expect(calls).toBe(2)
  })
  it('stops retrying when the signal aborts during a wait', async () => {
    const ac = new AbortController()
    let calls = 0
    const p = resolveRetryPolicy({ baseDelayMs: 10_000, jitterMs: 0 })
    const run = withRetry(
      async () => {
        calls++
        throw status(503)
      },
      { policy: p, idempotent: true, signal: ac.signal, onRetry: () => ac.abort() },
    )
    await expect(run).rejects.toBeInstanceOf(AbortedError)
    expect(calls).toBe(1)
  })
  it('retry: false means one attempt', async () => {
    expect(resolveRetryPolicy(false).attempts).toBe(1)
  })
  it('sleep rejects at once on an aborted signal', async () => {
    await expect(sleep(10, AbortSignal.abort())).rejects.toBeInstanceOf(AbortedError)
  })
})
