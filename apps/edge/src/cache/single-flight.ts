// With a bound, past this many loads in progress the ones older than the bound are forgotten.
const SWEEP_AT = 256

/**
 * Coalesces concurrent loads of one key into one call. Only settled, parsed data is shared
 * (never a Response or a stream).
 *
 * - `share: false`: every caller runs its own load.
 * - `share: true` without `waitMs` (Node, Deno, Bun): callers join the running load.
 * - `share: true` with `waitMs` (Workers): callers join the running load for at most `waitMs`
 *   (a timer of their own), then run their own load. The leader's load is I/O of the leader's
 *   request: if that request is cancelled its promise may never settle, so nobody may wait on it
 *   without a bound. workerd delivers a settled promise's continuations to the request that
 *   awaited it, so a joiner only ever touches the parsed value in its own context.
 */
export class SingleFlight<T> {
  readonly #inflight = new Map<string, { promise: Promise<T>; started: number }>()
  readonly share: boolean
  readonly waitMs: number | undefined
  readonly #now: () => number

  constructor(options: boolean | { share: boolean; waitMs?: number; now?: () => number }) {
    const o = typeof options === 'boolean' ? { share: options } : options
    this.share = o.share && o.waitMs !== 0
    this.waitMs = o.waitMs
    this.#now = o.now ?? Date.now
  }

  /** Number of loads in progress that later callers may join. */
  get pending(): number {
    return this.#inflight.size
  }

  /** Runs `load` for key, or joins the load already running for it. */
  do(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.share) return load()
    const running = this.#inflight.get(key)
    const wait = this.waitMs
    if (running !== undefined) {
      if (wait === undefined) return running.promise
      // a load older than the bound is presumed dead (its request was cancelled): replace it
      if (this.#now() - running.started < wait) return this.#join(key, running.promise, load, wait)
    }
    if (wait !== undefined && this.#inflight.size >= SWEEP_AT) this.#sweep(wait)
    const entry = { promise: load(), started: this.#now() }
    entry.promise = entry.promise.finally(() => {
      if (this.#inflight.get(key) === entry) this.#inflight.delete(key)
    })
    this.#inflight.set(key, entry)
    return entry.promise
  }

  // Loads of cancelled requests may never settle, so nothing would ever remove them.
  #sweep(wait: number): void {
    const t = this.#now()
    for (const [k, e] of this.#inflight) if (t - e.started >= wait) this.#inflight.delete(k)
  }

  #join(key: string, leader: Promise<T>, load: () => Promise<T>, wait: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false
      const timer = setTimeout(() => {
        settled = true
        const entry = this.#inflight.get(key)
        if (entry?.promise === leader) this.#inflight.delete(key)
        load().then(resolve, reject)
      }, wait)
      leader.then(
        (v) => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          resolve(v)
        },
        (e: unknown) => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          reject(e)
        },
      )
    })
  }
}
