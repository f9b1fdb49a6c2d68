/** The platform's shared cache (caches.default on Workers), wrapped so that its absence or failure is harmless. */
import { etagOf } from '../etag.ts'
import type { CacheEntry } from './policy.ts'

/** The part of the Cache API this worker uses. */
export interface CacheLike {
  match(request: Request | string): Promise<Response | undefined>
  put(request: Request | string, response: Response): Promise<void>
}

/** A second cache layer behind the in-isolate LRU. */
export interface PlatformCache {
  get(key: string): Promise<CacheEntry | undefined>
  put(key: string, entry: CacheEntry, retainSeconds: number): Promise<void>
}

// A synthetic host: entries are keyed by URL, and this one can never be a real request of ours.
const BASE = 'https://jobmeta-edge.cache.internal/v1/'

/** Wraps a Cache API object; every failure reads as a miss or a skipped write. */
export function platformCache(cache: CacheLike): PlatformCache {
  return {
    async get(key) {
      try {
        const r = await cache.match(BASE + encodeURIComponent(key))
        if (r === undefined) return undefined
        const e = (await r.json()) as CacheEntry
        if (
          typeof e?.body !== 'string' ||
          typeof e.etag !== 'string' ||
          typeof e.storedAt !== 'number'
        ) {
          return undefined
        }
        return e
      } catch {
        return undefined
      }
    },
    async put(key, entry, retain) {
      if (retain <= 0) return
      try {
        const body = JSON.stringify(entry)
        await cache.put(
          BASE + encodeURIComponent(key),
          new Response(body, {
            headers: {
              'content-type': 'application/json',
              'cache-control': `public, max-age=${retain}`,
            },
          }),
        )
      } catch {
        // a full or unavailable cache must not fail the request
      }
    },
  }
}

/**
 * The platform cache seen through a scope: entries are stored under `scope` + key. The platform
 * cache outlives deployments, so the scope names what the entries were built with (see cacheScope).
 */
export function scopedPlatformCache(p: PlatformCache, scope: string): PlatformCache {
  return {
    get: (key) => p.get(`${scope}:${key}`),
    put: (key, entry, retain) => p.put(`${scope}:${key}`, entry, retain),
  }
}

/**
 * A short name for the settings that shape a cached entry (published fields, upstream hosts):
 * after a change, entries built under the old settings (e.g. with a field since un-published)
 * are never served again.
 */
export function cacheScope(config: {
  publicFields: readonly string[]
  storageUrl: string
  jobqUrl: string
}): string {
  return etagOf(
    JSON.stringify([config.publicFields, config.storageUrl, config.jobqUrl]),
  ).replaceAll('"', '')
}

/** caches.default when the platform has it (Workers), otherwise undefined (Node, Deno, Bun). */
export function defaultPlatformCache(): PlatformCache | undefined {
  const c = (globalThis as { caches?: { default?: CacheLike } }).caches?.default
  return c ? platformCache(c) : undefined
}
