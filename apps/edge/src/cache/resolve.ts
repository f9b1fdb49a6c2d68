/**
 * The layered read path: in-isolate LRU (and a separate store of "not found" entries), platform
 * cache, then one upstream load per key through the concurrency gate, remembering failures; stale
 * copies whenever upstream fails, backs off, is busy, or is already being asked by another request.
 */
import type { CacheConfig } from '../config.ts'
import { UpstreamFailure } from '../upstream.ts'
import type { FailureMemory } from './failure-memory.ts'
import type { Lru } from './lru.ts'
import type { PlatformCache } from './platform.ts'
import { type CacheEntry, type Freshness, freshness, retainSeconds } from './policy.ts'
import { JoinTimeout, type SingleFlight } from './single-flight.ts'
import { GateFull, type UpstreamGate } from './upstream-gate.ts'

/** The X-Cache values. */
export type CacheStatus = 'HIT' | 'MISS' | 'STALE' | 'REVALIDATED'

/** An entry and how it was obtained. */
export interface Resolved {
  entry: CacheEntry
  status: CacheStatus
  /** why a stale copy was served */
  stale?: 'stale-while-revalidate' | 'stale-if-error' | 'stale-over-budget'
  /** time spent waiting for upstream in this request, ms */
  upstreamMs?: number
}

/** A request answered without an upstream call and without a copy to serve. */
export class Refused extends Error {
  override name = 'Refused'
  constructor(
    /** upstream-backoff: a back-off window is open; upstream-busy: no upstream slot; rate-limited: the client's miss budget is spent */
    readonly kind: 'upstream-backoff' | 'upstream-busy' | 'rate-limited',
    /** seconds */
    readonly retryAfter: number,
  ) {
    super(kind)
  }
}

/** Parts the resolver works with. */
export interface ResolverParts {
  lru: Lru<CacheEntry>
  /** "not found" entries (value null), apart so that a flood of them never evicts the others */
  negative: Lru<CacheEntry>
  platform: PlatformCache | undefined
  flight: SingleFlight<CacheEntry>
  gate: UpstreamGate
  memory: FailureMemory
  cache: CacheConfig
  now: () => number
  clock: () => number
  log: (line: string) => void
}

/** What one resolve call needs besides the key and the load. */
export interface ResolveOptions {
  /** the upstream the load calls; its failures are remembered per upstream */
  upstream: string
  waitUntil: (p: Promise<unknown>) => void
  /** asked before this request starts a load it has to wait for: the client's miss budget */
  admit?: () => { success: boolean; retryAfter?: number }
}

const bytesOf = (e: CacheEntry): number => e.body.length * 2 + 256

/** Resolves cache keys to entries through the cache layers. */
export class Resolver {
  // keys with a background refresh running in this isolate (a flag, never awaited by others)
  readonly #refreshing = new Set<string>()

  constructor(readonly parts: ResolverParts) {}

  #keep(key: string, e: CacheEntry): void {
    const { lru, negative } = this.parts
    const [into, other] = e.value === null ? [negative, lru] : [lru, negative]
    other.delete(key)
    into.set(key, e, bytesOf(e))
  }

  #store(key: string, e: CacheEntry, waitUntil: (p: Promise<unknown>) => void): void {
    const { platform, cache } = this.parts
    this.#keep(key, e)
    if (platform) waitUntil(platform.put(key, e, retainSeconds(e.ttl, cache)))
  }

  #peek(key: string): CacheEntry | undefined {
    return this.parts.lru.peek(key) ?? this.parts.negative.peek(key)
  }

  #load(key: string, load: () => Promise<CacheEntry>, o: ResolveOptions): Promise<CacheEntry> {
    const { flight, gate, memory, now, log } = this.parts
    // Stored inside the flight, so the entry is in the LRU before the flight is forgotten: a
    // request arriving in between finds it there instead of starting a second load.
    return flight.do(key, async () => {
      memory.starting(o.upstream, now())
      let e: CacheEntry
      try {
        e = await gate.run(async () => {
          // upstream may have failed for everyone while this load waited for a slot
          if (memory.upstreamOpen(o.upstream, now())) {
            throw new Refused('upstream-backoff', memory.blocked(key, o.upstream, now()) ?? 1)
          }
          // the outcome is noted before the slot is given back, so that a load waiting for the
          // slot already sees the window this one opens
          try {
            const loaded = await load()
            memory.succeeded(key, o.upstream, now())
            return loaded
          } catch (err) {
            if (err instanceof UpstreamFailure && err.staleable) {
              memory.failed(key, o.upstream, err, now())
            } else if (err instanceof UpstreamFailure) {
              log(`key ${key}: upstream refused the worker's key (${err.label}); check SHUB_APIKEY`)
            }
            throw err
          }
        })
      } catch (err) {
        // a load that never got an answer from upstream is no probe
        if (!(err instanceof UpstreamFailure && err.staleable)) memory.abandoned(o.upstream)
        throw err
      }
      this.#store(key, e, o.waitUntil)
      return e
    })
  }

  /** A fresh entry from the in-isolate stores, synchronously (the cache-hit fast path), or undefined. */
  hit(key: string): CacheEntry | undefined {
    const { lru, negative, now, cache } = this.parts
    const e = lru.get(key) ?? negative.get(key)
    return e !== undefined && freshness(e, now(), cache) === 'fresh' ? e : undefined
  }

  /** The entry for key: fresh from a cache, loaded from upstream, or a stale copy when upstream cannot be asked or fails. */
  async resolve(
    key: string,
    load: () => Promise<CacheEntry>,
    o: ResolveOptions,
  ): Promise<Resolved> {
    const { lru, negative, platform, cache, now } = this.parts
    let cached = lru.get(key) ?? negative.get(key)
    let state: Freshness = cached ? freshness(cached, now(), cache) : 'expired'
    if (state === 'fresh' && cached) return { entry: cached, status: 'HIT' }
    if (platform) {
      const p = await platform.get(key)
      // another request may have loaded the key while this one read the platform cache
      const loaded = this.#peek(key)
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
          this.#keep(key, p)
          if (ps === 'fresh') return { entry: p, status: 'HIT' }
        }
      }
    }
    if (cached !== undefined && state !== 'expired') return this.#stale(key, cached, state, load, o)
    return this.#cold(key, cached !== undefined, load, o)
  }

  // A usable stale copy: served at once unless this request is the one that revalidates it.
  async #stale(
    key: string,
    entry: CacheEntry,
    state: Freshness,
    load: () => Promise<CacheEntry>,
    o: ResolveOptions,
  ): Promise<Resolved> {
    const { flight, memory, now, clock } = this.parts
    const busy = this.#refreshing.has(key) || flight.running(key)
    const blocked = busy ? undefined : memory.blocked(key, o.upstream, now())
    if (blocked !== undefined) memory.answered(key, o.upstream, 'stale')
    if (state === 'stale-while-revalidate') {
      if (!busy && blocked === undefined) {
        this.#refreshing.add(key)
        const refresh = this.#load(key, load, o)
          .catch(() => undefined)
          .finally(() => this.#refreshing.delete(key))
        o.waitUntil(refresh)
      }
      return { entry, status: 'STALE', stale: 'stale-while-revalidate' }
    }
    // past stale-while-revalidate: the first request revalidates, every other one is answered at once
    if (busy) return { entry, status: 'STALE', stale: 'stale-while-revalidate' }
    if (blocked !== undefined) return { entry, status: 'STALE', stale: 'stale-if-error' }
    if (o.admit !== undefined && !o.admit().success) {
      return { entry, status: 'STALE', stale: 'stale-over-budget' }
    }
    const t0 = clock()
    try {
      const fresh = await this.#load(key, load, o)
      return { entry: fresh, status: 'REVALIDATED', upstreamMs: clock() - t0 }
    } catch (e) {
      if (e instanceof UpstreamFailure && !e.staleable) throw e
      if (!isUpstreamTrouble(e)) throw e
      memory.answered(key, o.upstream, 'stale')
      return { entry, status: 'STALE', stale: 'stale-if-error', upstreamMs: clock() - t0 }
    }
  }

  // Nothing to serve: join the load in progress, or start one if no window and no budget forbid it.
  async #cold(
    key: string,
    expired: boolean,
    load: () => Promise<CacheEntry>,
    o: ResolveOptions,
  ): Promise<Resolved> {
    const { flight, memory, now, clock } = this.parts
    if (!flight.running(key)) {
      const wait = memory.blocked(key, o.upstream, now())
      if (wait !== undefined) {
        memory.answered(key, o.upstream, 'refused')
        throw new Refused('upstream-backoff', wait)
      }
      const d = o.admit?.()
      if (d !== undefined && !d.success) throw new Refused('rate-limited', d.retryAfter ?? 60)
    }
    const t0 = clock()
    try {
      const entry = await this.#load(key, load, o)
      return { entry, status: expired ? 'REVALIDATED' : 'MISS', upstreamMs: clock() - t0 }
    } catch (e) {
      if (e instanceof GateFull) throw new Refused('upstream-busy', 1)
      if (e instanceof JoinTimeout) throw new UpstreamFailure('upstream-timeout', true)
      throw e
    }
  }
}

function isUpstreamTrouble(e: unknown): boolean {
  return (
    e instanceof UpstreamFailure ||
    e instanceof Refused ||
    e instanceof GateFull ||
    e instanceof JoinTimeout
  )
}
