import { RateLimitedError } from '@jobmeta/core'
import { describe, expect, it } from 'vitest'
import { MAX_RETRY_WAIT_MS, retryWait } from './backoff.ts'

describe('retryWait', () => {
  it('starts at the refresh interval and doubles up to a minute', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryWait(n, 5000))).toEqual([
      5000,
      10_000,
      20_000,
      40_000,
      MAX_RETRY_WAIT_MS,
      MAX_RETRY_WAIT_MS,
    ])
  })
  it("uses the server's Retry-After when it gave one", () => {
    const err = new RateLimitedError('slow down', { status: 429, retryAfterMs: 7000 })
    expect(retryWait(1, 5000, err)).toBe(7000)
  })
})
