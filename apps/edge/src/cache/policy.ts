/** Cache lifetimes by job state, freshness windows and the Cache-Control header they imply. */
import type { CacheConfig } from '../config.ts'

/** What the caches hold: public, parsed data plus its primary JSON representation. */
export interface CacheEntry<T = unknown> {
  /** public (already filtered) data; null = the job does not exist */
  value: T
  /** JSON of `value`, scrubbed of secrets */
  body: string
  etag: string
  /** epoch ms when fetched from upstream */
  storedAt: number
  /** seconds the entry is fresh */
  ttl: number
}

/** Where an entry stands at a given time. */
export type Freshness = 'fresh' | 'stale-while-revalidate' | 'stale-if-error' | 'expired'

/** Seconds a job answer stays fresh, by the job's state (undefined state = job not found). */
export function ttlForJob(state: string | undefined, cfg: CacheConfig): number {
  switch (state) {
    case undefined:
      return cfg.missingTtl
    case 'finished':
    case 'deleted':
      return cfg.finishedTtl
    default:
      return cfg.activeTtl
  }
}

/** Freshness of an entry at `now` (epoch ms). */
export function freshness(
  e: Pick<CacheEntry, 'storedAt' | 'ttl'>,
  now: number,
  cfg: CacheConfig,
): Freshness {
  const age = (now - e.storedAt) / 1000
  if (age < e.ttl) return 'fresh'
  if (age < e.ttl + cfg.staleWhileRevalidate) return 'stale-while-revalidate'
  if (age < e.ttl + cfg.staleIfError) return 'stale-if-error'
  return 'expired'
}

/** Seconds an entry is worth keeping (fresh, then usable as a stale copy). */
export function retainSeconds(ttl: number, cfg: CacheConfig): number {
  return ttl + Math.max(cfg.staleWhileRevalidate, cfg.staleIfError)
}

/** Cache-Control for a fresh answer with the given lifetime. */
export function cacheControl(ttl: number, cfg: CacheConfig): string {
  let byTtl = memo.get(cfg)
  if (byTtl === undefined) {
    byTtl = new Map()
    memo.set(cfg, byTtl)
  }
  let v = byTtl.get(ttl)
  if (v === undefined) {
    v = build(ttl, cfg)
    byTtl.set(ttl, v)
  }
  return v
}

const memo = new WeakMap<CacheConfig, Map<number, string>>()

function build(ttl: number, cfg: CacheConfig): string {
  return `public, max-age=${Math.min(ttl, cfg.browserMaxAge)}, s-maxage=${ttl}, stale-while-revalidate=${cfg.staleWhileRevalidate}, stale-if-error=${cfg.staleIfError}`
}

/** Cache-Control for a stale copy: nobody downstream should keep it as fresh. */
export function staleCacheControl(cfg: CacheConfig): string {
  return `public, max-age=0, s-maxage=0, stale-if-error=${cfg.staleIfError}`
}

/** Whole seconds since the entry was fetched (the `Age` header). */
export function ageSeconds(e: Pick<CacheEntry, 'storedAt'>, now: number): number {
  return Math.max(0, Math.floor((now - e.storedAt) / 1000))
}
