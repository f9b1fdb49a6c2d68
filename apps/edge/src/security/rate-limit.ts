/** Optional per-client rate limiting: the Workers rate-limit binding, or an in-memory fixed window. */

/** The outcome of counting one request. */
export interface RateDecision {
  success: boolean
  /** seconds until the client may try again (when refused) */
  retryAfter?: number
}

/** Counts a request of a client and says whether it may proceed. */
export interface RateLimiter {
  limit(client: string): Promise<RateDecision> | RateDecision
}

/** The shape of a Workers `ratelimit` binding. */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>
}

/** Wraps a Workers rate-limit binding (its window is set in wrangler.toml). */
export function bindingRateLimiter(binding: RateLimitBinding, windowSeconds: number): RateLimiter {
  return {
    async limit(client) {
      const { success } = await binding.limit({ key: client })
      return success ? { success } : { success, retryAfter: windowSeconds }
    },
  }
}

/**
 * A fixed-window counter per client, held in memory (per process / isolate). At most
 * `maxClients` windows are tracked; past that, expired ones go first, then the oldest.
 */
export function memoryRateLimiter(
  limit: number,
  windowSeconds: number,
  now: () => number = Date.now,
  maxClients = 10_000,
): { limit(client: string): RateDecision } {
  const windows = new Map<string, { start: number; count: number }>()
  const span = windowSeconds * 1000
  return {
    limit(client) {
      const t = now()
      let w = windows.get(client)
      if (w === undefined || t - w.start >= span) {
        windows.delete(client)
        if (windows.size >= maxClients) {
          for (const [k, v] of windows) if (t - v.start >= span) windows.delete(k)
          while (windows.size >= maxClients) {
            const oldest = windows.keys().next()
            if (oldest.done) break
            windows.delete(oldest.value)
          }
        }
        w = { start: t, count: 0 }
        windows.set(client, w)
      }
      w.count++
      if (w.count <= limit) return { success: true }
      return { success: false, retryAfter: Math.max(1, Math.ceil((w.start + span - t) / 1000)) }
    },
  }
}
