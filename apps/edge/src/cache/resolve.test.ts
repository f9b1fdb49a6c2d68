import { describe, expect, it } from 'vitest'
import { parseConfig } from '../config.ts'
import { UpstreamFailure } from '../upstream.ts'
import { Lru } from './lru.ts'
import type { CacheEntry } from './policy.ts'
import { Resolver } from './resolve.ts'
import { SingleFlight } from './single-flight.ts'

const cache = parseConfig({ SHUB_APIKEY: 'k'.repeat(32) }).cache

function setup() {
  let t = 1_000_000
  const r = new Resolver({
    lru: new Lru<CacheEntry>(10, 10_000),
    platform: undefined,
    flight: new SingleFlight<CacheEntry>(true),
    cache,
    now: () => t,
    clock: () => t,
  })
  let loads = 0
  const entry = (v: string): CacheEntry => ({
    value: v,
    body: JSON.stringify(v),
    etag: `"${v}"`,
    storedAt: t,
    ttl: 10,
  })
  return {
    r,
    advance: (ms: number) => {
      t += ms
    },
    ok: (v: string) => async () => {
      loads++
      return entry(v)
    },
    fail: (staleable: boolean) => async (): Promise<CacheEntry> => {
      loads++
      throw new UpstreamFailure(
        staleable ? 'upstream-unavailable' : 'upstream-misconfigured',
        staleable,
      )
    },
    loads: () => loads,
  }
}

const noWait = (p: Promise<unknown>) => {
  p.catch(() => undefined)
}

describe('Resolver', () => {
  it('loads once, then hits', async () => {
    const s = setup()
    expect((await s.r.resolve('k', s.ok('a'), noWait)).status).toBe('MISS')
    expect((await s.r.resolve('k', s.ok('b'), noWait)).status).toBe('HIT')
    expect(s.loads()).toBe(1)
  })

  it('hit() answers a fresh LRU entry synchronously, and nothing once it is no longer fresh', async () => {
    const s = setup()
    expect(s.r.hit('k')).toBeUndefined()
    await s.r.resolve('k', s.ok('a'), noWait)
    expect(s.r.hit('k')?.value).toBe('a')
    s.advance(10_000)
    expect(s.r.hit('k')).toBeUndefined()
    expect(s.loads()).toBe(1)
  })

  it('serves stale-if-error only for staleable failures, and never stores a failure', async () => {
    const s = setup()
    await s.r.resolve('k', s.ok('a'), noWait)
    s.advance(100_000)
    const stale = await s.r.resolve('k', s.fail(true), noWait)
    expect(stale).toMatchObject({ status: 'STALE', stale: 'stale-if-error' })
    expect(stale.entry.value).toBe('a')
    await expect(s.r.resolve('k', s.fail(false), noWait)).rejects.toMatchObject({
      kind: 'upstream-misconfigured',
    })
    await expect(s.r.resolve('cold', s.fail(true), noWait)).rejects.toBeInstanceOf(UpstreamFailure)
    expect((await s.r.resolve('cold', s.ok('c'), noWait)).status).toBe('MISS')
  })

  it('starts one background refresh per key in the stale-while-revalidate window', async () => {
    const s = setup()
    await s.r.resolve('k', s.ok('a'), noWait)
    s.advance(15_000)
    let release!: () => void
    const gate = new Promise<void>((r) => {
      release = r
    })
    let refreshes = 0
    const slow = async (): Promise<CacheEntry> => {
      refreshes++
      await gate
      return { value: 'b', body: '"b"', etag: '"b"', storedAt: 1_015_000, ttl: 10 }
    }
    const pending: Promise<unknown>[] = []
    const collect = (p: Promise<unknown>) => {
      pending.push(p)
    }
    const a = await s.r.resolve('k', slow, collect)
    const b = await s.r.resolve('k', slow, collect)
    expect([a.status, b.status]).toEqual(['STALE', 'STALE'])
    expect(pending).toHaveLength(1)
    release()
    await Promise.all(pending)
    expect(refreshes).toBe(1)
    const fresh = await s.r.resolve('k', s.ok('c'), noWait)
    expect(fresh).toMatchObject({ status: 'HIT' })
    expect(fresh.entry.value).toBe('b')
  })

  it('revalidates synchronously once the entry is past its stale windows', async () => {
    const s = setup()
    await s.r.resolve('k', s.ok('a'), noWait)
    s.advance(1000 * (10 + 86_400 + 1))
    const r = await s.r.resolve('k', s.fail(true), noWait).catch((e: unknown) => e)
    expect(r).toBeInstanceOf(UpstreamFailure)
    expect((await s.r.resolve('k', s.ok('b'), noWait)).status).toBe('REVALIDATED')
  })
})

describe('Resolver with a platform cache', () => {
  it('does not load again when another request filled the LRU while it read the platform cache', async () => {
    const lru = new Lru<CacheEntry>(10, 10_000)
    let release!: () => void
    const gate = new Promise<void>((r) => {
      release = r
    })
    const r = new Resolver({
      lru,
      platform: {
        get: async () => {
          await gate
          return undefined
        },
        put: async () => undefined,
      },
      flight: new SingleFlight<CacheEntry>(false),
      cache,
      now: () => 1000,
      clock: () => 1000,
    })
    let loads = 0
    const load = async (): Promise<CacheEntry> => {
      loads++
      return { value: 'a', body: '"a"', etag: '"a"', storedAt: 1000, ttl: 10 }
    }
    const slow = r.resolve('k', load, noWait)
    lru.set('k', await load(), 10)
    release()
    expect(await slow).toMatchObject({ status: 'HIT' })
    expect(loads).toBe(1)
  })
})
