import {
  ForbiddenError,
  NetworkError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  ValidationError,
} from '@jobmeta/core'
import { describe, expect, it } from 'vitest'
import { toUpstreamFailure } from './upstream.ts'

describe('toUpstreamFailure', () => {
  it('maps credentials problems to a non-staleable misconfiguration', () => {
    for (const e of [
      new UnauthorizedError('x', { status: 401 }),
      new ForbiddenError('x', { status: 403 }),
    ]) {
      expect(toUpstreamFailure(e)).toMatchObject({
        kind: 'upstream-misconfigured',
        staleable: false,
      })
    }
  })

  it('maps timeouts, 5xx, 429 and network errors to staleable failures', () => {
    expect(toUpstreamFailure(new TimeoutError('t'))).toMatchObject({
      kind: 'upstream-timeout',
      staleable: true,
    })
    expect(toUpstreamFailure(new ServerError('s', { status: 504 }))).toMatchObject({
      kind: 'upstream-timeout',
    })
    expect(
      toUpstreamFailure(new ServerError('s', { status: 503, retryAfterMs: 2500 })),
    ).toMatchObject({
      kind: 'upstream-unavailable',
      retryAfter: 3,
    })
    expect(toUpstreamFailure(new ServerError('s', { status: 500 }))).toMatchObject({
      kind: 'upstream-error',
    })
    expect(
      toUpstreamFailure(new RateLimitedError('r', { status: 429, retryAfterMs: 1000 })),
    ).toMatchObject({
      kind: 'upstream-unavailable',
      retryAfter: 1,
      staleable: true,
    })
    expect(toUpstreamFailure(new NetworkError('n'))).toMatchObject({
      kind: 'upstream-error',
      staleable: true,
    })
    expect(toUpstreamFailure(new ValidationError('v', [], ''))).toMatchObject({
      kind: 'upstream-error',
    })
    expect(toUpstreamFailure(new TypeError('fetch failed'))).toMatchObject({
      kind: 'upstream-error',
    })
  })

  it('keeps nothing of the upstream message', () => {
    const f = toUpstreamFailure(
      new ServerError('GET https://storage/jobs/1/2/3 -> 500: secret detail', { status: 500 }),
    )
    expect(f.message).toBe('upstream-error')
  })
})
