import { describe, expect, it } from 'vitest'
import { parseConfig } from '../config.ts'
import { UpstreamFailure } from '../upstream.ts'
import { FailureMemory } from './failure-memory.ts'
import { Lru } from './lru.ts'
import type { CacheEntry } from './policy.ts'
import { Refused, type ResolveOptions, Resolver, type ResolverParts } from './resolve.ts'
import { SingleFlight } from './single-flight.ts'
import { UpstreamGate } from './upstream-gate.ts'

const cache = parseConfig({ SHUB_APIKEY: 'k'.repeat(32) }).cache

function parts(
  over: Partial<ResolverParts> & { now: () => number },
  logs: string[] = [],
): ResolverParts {
  return {
    lru: new Lru<CacheEntry>(10, 10_000),
    negative: new Lru<CacheEntry>(5, 10_000),
    platform: undefined,
    flight: new SingleFlight<CacheEntry>(true),
    gate: new UpstreamGate({ concurrency: 4, queue: 4, waitMs: 1000, holdMs: 10_000 }),
    memory: new FailureMemory({
      backoffSeconds: 5,
      backoffMaxSeconds: 300,
      probeMaxMs: 10_000,
      log: (l) => logs.push(l),
    }),
    cache,
    clock: over.now,
    log: (l) => logs.push(l),
    ...over,
  }
}

function setup(over: Partial<ResolverParts> = {}) {
  let t = 1_000_000
  const logs: string[] = []
  const p = parts({ now: () => t, ...over }, logs)
  const r = new Resolver(p)
  let loads = 0
  const entry = (v: string | null): CacheEntry => ({
    value: v,
    body: JSON.stringify(v),
    etag: `"${v}"`,
    storedAt: t,
    ttl: 10,
  })
  return {
    r,
    parts: p,
    logs,
    advance: (ms: number) => {
      t += ms
    },
    ok: (v: string | null) => async () => {
      loads++
      return entry(v)
    },
    fail:
      (staleable: boolean, retryAfter?: number, wide = true) =>
      async (): Promise<CacheEntry> => {
        loads++
        throw new UpstreamFailure(
          staleable ? 'upstream-unavailable' : 'upstream-misconfigured',
          staleable,
          retryAfter,
          staleable ? '503' : '401',
          wide,
        )
      },
    loads: () => loads,
  }
}

const noWait: ResolveOptions = {
  upstream: 'storage',
  waitUntil: (p) => {
    p.catch(() => undefined)
  },
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
    s.advance(6_000) // past the back-off window the failure opened
    await expect(s.r.resolve('k', s.fail(false), noWait)).rejects.toMatchObject({
      kind: 'upstream-misconfigured',
    })
    await expect(s.r.resolve('cold', s.fail(true), noWait)).rejects.toBeInstanceOf(UpstreamFailure)
    s.advance(11_000) // the upstream's second failure in a row: 10 s
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
    const collect: ResolveOptions = {
      upstream: 'storage',
      waitUntil: (p) => {
        pending.push(p)
      },
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
    s.advance(6_000)
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
    const r = new Resolver(
      parts({
        lru,
        platform: {
          get: async () => {
            await gate
            return undefined
          },
          put: async () => undefined,
        },
        flight: new SingleFlight<CacheEntry>(false),
        now: () => 1000,
      }),
    )
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

function deferred<T>() {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe('Resolver failure memory', () => {
  it('after a failure serves the stale copy at once for the back-off window, then sends one probe', async () => {
    const s = setup()
    await s.r.resolve('k', s.ok('a'), noWait)
    s.advance(100_000) // past stale-while-revalidate
    expect(await s.r.resolve('k', s.fail(true, 120), noWait)).toMatchObject({ status: 'STALE' })
    expect(s.loads()).toBe(2)
    for (let i = 0; i < 50; i++) {
      s.advance(2_000) // 100 s in all: inside the 120 s Retry-After
      const r = await s.r.resolve('k', s.ok('never'), noWait)
      expect(r).toMatchObject({ status: 'STALE', stale: 'stale-if-error' })
      expect(r.upstreamMs).toBeUndefined()
    }
    expect(s.loads()).toBe(2)
    s.advance(21_000)
    expect(await s.r.resolve('k', s.ok('b'), noWait)).toMatchObject({ status: 'REVALIDATED' })
    expect(s.loads()).toBe(3)
    expect(s.logs).toEqual([
      'key k: open for 120 s after 503 (Retry-After 120 s), failure 1 in a row',
      'upstream storage: open for 120 s after 503 (Retry-After 120 s), failure 1 in a row',
      'key k: closed after 121 s and 1 failure(s) in a row (last 503); in the last window 51 answered stale, 0 refused',
      'upstream storage: closed after 121 s and 1 failure(s) in a row (last 503); in the last window 51 answered stale, 0 refused',
    ])
  })

  it('answers a cold key during an open upstream window without a load: Refused upstream-backoff with the time left', async () => {
    const s = setup()
    await expect(s.r.resolve('a', s.fail(true, 30), noWait)).rejects.toBeInstanceOf(UpstreamFailure)
    s.advance(10_000)
    const refused = await s.r.resolve('b', s.ok('b'), noWait).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(Refused)
    expect(refused).toMatchObject({ kind: 'upstream-backoff', retryAfter: 20 })
    expect(s.loads()).toBe(1)
    s.advance(20_000)
    expect(await s.r.resolve('b', s.ok('b'), noWait)).toMatchObject({ status: 'MISS' })
  })

  it('caps Retry-After and doubles its own back-off with each failure in a row', async () => {
    const s = setup()
    await s.r.resolve('k', s.fail(true, 86_400), noWait).catch(() => undefined)
    expect(s.logs.at(-1)).toContain('open for 300 s')
    s.advance(300_000)
    for (const wanted of [10, 20, 40]) {
      await s.r.resolve('k', s.fail(true), noWait).catch(() => undefined)
      expect(s.logs.at(-2)).toContain(`key k: open for ${wanted} s`)
      s.advance(wanted * 1000)
    }
  })

  it('a failure of one key (not upstream-wide) backs off that key only', async () => {
    const s = setup()
    await s.r.resolve('a', s.fail(true, undefined, false), noWait).catch(() => undefined)
    await expect(s.r.resolve('a', s.ok('a'), noWait)).rejects.toMatchObject({
      kind: 'upstream-backoff',
      retryAfter: 5,
    })
    expect(await s.r.resolve('b', s.ok('b'), noWait)).toMatchObject({ status: 'MISS' })
    expect(s.logs).toEqual(['key a: open for 5 s after 503, failure 1 in a row'])
  })

  it('after an upstream window lets one probe through at a time; the others wait for its answer without a load', async () => {
    const s = setup()
    await s.r.resolve('a', s.fail(true, 1), noWait).catch(() => undefined)
    s.advance(1_000)
    const d = deferred<CacheEntry>()
    const probe = s.r.resolve('b', () => d.promise, noWait)
    await expect(s.r.resolve('c', s.ok('c'), noWait)).rejects.toMatchObject({
      kind: 'upstream-backoff',
    })
    d.resolve({ value: 'b', body: '"b"', etag: '"b"', storedAt: 0, ttl: 10 })
    expect(await probe).toMatchObject({ status: 'MISS' })
    expect(await s.r.resolve('c', s.ok('c'), noWait)).toMatchObject({ status: 'MISS' })
  })

  it('never opens a window for a misconfigured key (401/403), and logs it', async () => {
    const s = setup()
    await s.r.resolve('k', s.fail(false), noWait).catch(() => undefined)
    await s.r.resolve('k', s.fail(false), noWait).catch(() => undefined)
    expect(s.loads()).toBe(2)
    expect(s.logs).toEqual([
      "key k: upstream refused the worker's key (401); check SHUB_APIKEY",
      "key k: upstream refused the worker's key (401); check SHUB_APIKEY",
    ])
  })
})

describe('Resolver under a slow upstream', () => {
  it('only the first request for a stale key waits; the others get the stale copy at once', async () => {
    const s = setup()
    await s.r.resolve('k', s.ok('a'), noWait)
    s.advance(100_000)
    const d = deferred<CacheEntry>()
    const first = s.r.resolve('k', () => d.promise, noWait)
    const others = await Promise.all(
      Array.from({ length: 20 }, () => s.r.resolve('k', s.ok('dup'), noWait)),
    )
    for (const o of others) {
      expect(o).toMatchObject({ status: 'STALE' })
      expect(o.upstreamMs).toBeUndefined()
    }
    d.resolve({ value: 'b', body: '"b"', etag: '"b"', storedAt: 1_100_000, ttl: 10 })
    expect(await first).toMatchObject({ status: 'REVALIDATED' })
    expect(s.loads()).toBe(1)
  })

  it('refuses with upstream-busy (or serves stale) when every upstream slot and the queue are taken', async () => {
    const s = setup({
      gate: new UpstreamGate({ concurrency: 1, queue: 0, waitMs: 1000, holdMs: 10_000 }),
    })
    await s.r.resolve('warm', s.ok('w'), noWait)
    s.advance(100_000)
    const d = deferred<CacheEntry>()
    const slow = s.r.resolve('a', () => d.promise, noWait)
    await expect(s.r.resolve('b', s.ok('b'), noWait)).rejects.toMatchObject({
      kind: 'upstream-busy',
      retryAfter: 1,
    })
    expect(await s.r.resolve('warm', s.ok('w2'), noWait)).toMatchObject({
      status: 'STALE',
      stale: 'stale-if-error',
    })
    d.resolve({ value: 'a', body: '"a"', etag: '"a"', storedAt: 1_100_000, ttl: 10 })
    await slow
    expect(s.parts.memory.keys).toBe(0) // a full gate is not an upstream failure
  })
})

describe('Resolver miss budget', () => {
  it('asks the budget only for loads this request waits for; hits and stale copies are free', async () => {
    const s = setup()
    let asked = 0
    let left = 1
    const budget: ResolveOptions = {
      ...noWait,
      admit: () => {
        asked++
        return left-- > 0 ? { success: true } : { success: false, retryAfter: 42 }
      },
    }
    expect(await s.r.resolve('a', s.ok('a'), budget)).toMatchObject({ status: 'MISS' })
    expect(await s.r.resolve('a', s.ok('a'), budget)).toMatchObject({ status: 'HIT' })
    await expect(s.r.resolve('b', s.ok('b'), budget)).rejects.toMatchObject({
      kind: 'rate-limited',
      retryAfter: 42,
    })
    s.advance(100_000)
    expect(await s.r.resolve('a', s.ok('a2'), budget)).toMatchObject({
      status: 'STALE',
      stale: 'stale-over-budget',
    })
    expect(asked).toBe(3)
    expect(s.loads()).toBe(1)
  })
})

describe('Resolver negative store', () => {
  it('keeps "not found" entries apart: a flood of them never evicts a cached job', async () => {
    const s = setup()
    for (let i = 0; i < 10; i++) await s.r.resolve(`hot${i}`, s.ok(`h${i}`), noWait)
    for (let i = 0; i < 2_100; i++) await s.r.resolve(`missing${i}`, s.ok(null), noWait)
    for (let i = 0; i < 10; i++) expect(s.r.hit(`hot${i}`)?.value).toBe(`h${i}`)
    expect(s.parts.lru.size).toBe(10)
    expect(s.parts.negative.size).toBe(5)
    expect(s.r.hit('missing2099')?.value).toBeNull()
  })

  it('moves a key between the stores when a job appears or disappears', async () => {
    const s = setup()
    await s.r.resolve('k', s.ok(null), noWait)
    s.advance(1000 * (10 + 86_400 + 1))
    await s.r.resolve('k', s.ok('now'), noWait)
    expect(s.parts.negative.size).toBe(0)
    expect(s.r.hit('k')?.value).toBe('now')
  })
})
