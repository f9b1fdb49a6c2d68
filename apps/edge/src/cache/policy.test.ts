import { describe, expect, it } from 'vitest'
import { parseConfig } from '../config.ts'
import {
  ageSeconds,
  cacheControl,
  freshness,
  retainSeconds,
  staleCacheControl,
  ttlForJob,
} from './policy.ts'

const cfg = parseConfig({ SHUB_APIKEY: 'k'.repeat(32) }).cache

describe('cache policy', () => {
  it('gives running jobs a short life, finished ones a long one, missing ones a brief one', () => {
    expect(ttlForJob('running', cfg)).toBe(10)
    expect(ttlForJob('pending', cfg)).toBe(10)
    expect(ttlForJob('finished', cfg)).toBe(3600)
    expect(ttlForJob('deleted', cfg)).toBe(3600)
    expect(ttlForJob(undefined, cfg)).toBe(30)
    expect(ttlForJob('something-new', cfg)).toBe(10)
  })

  it('follows configured lifetimes', () => {
    const c = parseConfig({
      SHUB_APIKEY: 'k'.repeat(32),
      CACHE_TTL_ACTIVE: '3',
      CACHE_TTL_FINISHED: 99,
    }).cache
    expect(ttlForJob('running', c)).toBe(3)
    expect(ttlForJob('finished', c)).toBe(99)
  })

  it('moves from fresh to stale-while-revalidate to stale-if-error to expired', () => {
    const e = { storedAt: 0, ttl: 10 }
    expect(freshness(e, 9_999, cfg)).toBe('fresh')
    expect(freshness(e, 10_000, cfg)).toBe('stale-while-revalidate')
    expect(freshness(e, 40_000, cfg)).toBe('stale-if-error')
    expect(freshness(e, (10 + 86_400) * 1000, cfg)).toBe('expired')
    expect(retainSeconds(10, cfg)).toBe(10 + 86_400)
  })

  it('writes s-maxage, stale-while-revalidate and stale-if-error', () => {
    expect(cacheControl(3600, cfg)).toBe(
      'public, max-age=60, s-maxage=3600, stale-while-revalidate=30, stale-if-error=86400',
    )
    expect(staleCacheControl(cfg)).toBe('public, max-age=0, s-maxage=0, stale-if-error=86400')
    expect(ageSeconds({ storedAt: 1000 }, 3500)).toBe(2)
  })
})
