/** The layered read path: in-isolate LRU, platform cache, single-flight upstream load, stale copies on failure. */
import type { CacheConfig } from '../config.ts'
import { toUpstreamFailure } from '../upstream.ts'
import type { Lru } from './lru.ts'
import type { PlatformCache } from './platform.ts'
import { type CacheEntry, freshness, retainSeconds } from './policy.ts'
import type { SingleFlight } from './single-flight.ts'

/** The X-Cache values. */
export type CacheStatus = 'HIT' | 'MISS' | 'STALE' | 'REVALIDATED'

/** An entry and how it was obtained. */
export interface Resolved {
  entry: CacheEntry
  status: CacheStatus
  /** why a stale copy was served */
  stale?: 'stale-while-revalidate' | 'stale-if-error'
  /** time spent waiting for upstream in this request, ms */
  upstreamMs?: number
}

/** Parts the resolver works with. */
export interface ResolverParts {
  lru: Lru<CacheEntry>
  platform: PlatformCache | undefined
  flight: SingleFlight<CacheEntry>
  cache: CacheConfig
  now: () => number
  clock: () => number
}

/** Resolves cache keys to entries through the cache layers. */
export class Resolver {
  // keys with a background refresh running in this isolate (a flag, never awaited by others)
  readonly #refreshing = new Set<string>()

  constructor(readonly parts: ResolverParts) {}

  #store(key: string, e: CacheEntry, waitUntil: (p: Promise<unknown>) => void): void {
    const { lru, platform, cache } = this.parts
    lru.set(key, e, e.body.length * 2 + 256)
    if (platform) waitUntil(platform.put(key, e, retainSeconds(e.ttl, cache)))
  }

  #load(key: string, load: () => Promise<CacheEntry>, waitUntil: (p: Promise<unknown>) => void) {
    // Stored inside the flight, so the entry is in the LRU before the flight is forgotten: a
    // request arriving in between finds it there instead of starting a second load.
    return this.parts.flight.do(key, async () => {
      const e = await load()
      this.#store(key, e, waitUntil)
      return e
    })
  }

  /** A fresh entry from the in-isolate LRU, synchronously (the cache-hit fast path), or undefined. */
  hit(key: string): CacheEntry | undefined {
    const { lru, now, cache } = this.parts
    const e = lru.get(key)
    return e !== undefined && freshness(e, now(), cache) === 'fresh' ? e : undefined
  }

  /** The entry for key: fresh from a cache, loaded from upstream, or a stale copy when upstream fails. */
  async resolve(
    key: string,
    load: () => Promise<CacheEntry>,
    waitUntil: (p: Promise<unknown>) => void,
  ): Promise<Resolved> {
    const { lru, platform, cache, now, clock } = this.parts
    let cached = lru.get(key)
    let state = cached ? freshness(cached, now(), cache) : 'expired'
    if (state === 'fresh' && cached) return { entry: cached, status: 'HIT' }

    if (platform) {
      const p = await platform.get(key)
      // another request may have loaded the key while this one read the platform cache
      const loaded = lru.peek(key)
      if (
        loaded !== undefined &&
        loaded !== cached &&
        freshness(loaded, now(), cache) === 'fresh'
      ) {
        return { entry: loaded, status: 'HIT' }
      }
      if (p && (!cached || p.storedAt > cached.storedAt)) {
        const ps = freshness(p, now(), cache)
        if (ps !== 'expired') {
          cached = p
          state = ps
          lru.set(key, p, p.body.length * 2 + 256)
          if (ps === 'fresh') return { entry: p, status: 'HIT' }
        }
      }
    }

    if (cached && state === 'stale-while-revalidate') {
      if (!this.#refreshing.has(key)) {
        this.#refreshing.add(key)
        const refresh = this.#load(key, load, waitUntil)
          .catch(() => undefined)
          .finally(() => this.#refreshing.delete(key))
        waitUntil(refresh)
      }
      return { entry: cached, status: 'STALE', stale: 'stale-while-revalidate' }
    }

    const t0 = clock()
    try {
      const entry = await this.#load(key, load, waitUntil)
      return { entry, status: cached ? 'REVALIDATED' : 'MISS', upstreamMs: clock() - t0 }
    } catch (e) {
      const failure = toUpstreamFailure(e)
      if (cached && state !== 'expired' && failure.staleable) {
        return { entry: cached, status: 'STALE', stale: 'stale-if-error', upstreamMs: clock() - t0 }
      }
      throw failure
    }
  }
}
