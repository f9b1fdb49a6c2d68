// With a bound, past this many loads in progress the ones older than the bound are forgotten.
const SWEEP_AT = 256

/** A joiner waited as long as a load may take and the load it joined never settled. */
export class JoinTimeout extends Error {
  override name = 'JoinTimeout'
  constructor() {
    super('the shared load did not settle in time')
  }
}

/**
 * Coalesces concurrent loads of one key into one call. Only settled, parsed data is shared
 * (never a Response or a stream).
 *
 * - `share: false`: every caller runs its own load.
 * - `share: true` without `maxWaitMs` (Node, Deno, Bun): callers join the running load.
 * - `share: true` with `maxWaitMs` (Workers): callers join the running load, but on a timer of
 *   their own they stop waiting once the load is `maxWaitMs` old (rejecting with JoinTimeout),
 *   and they never start a load of their own meanwhile: however slow upstream is, one key makes
 *   one upstream call. The leader's load is I/O of the leader's request; if that request is
 *   cancelled its promise may never settle, so nobody waits on it without a bound, and a load
 *   older than the bound is presumed dead and replaced by the next caller. `maxWaitMs` is the
 *   longest a live load can take, so a live load is never duplicated. workerd delivers a settled
 *   promise's continuations to the request that awaited it, so a joiner only ever touches the
 *   parsed value in its own context.
 */
export class SingleFlight<T> {
  readonly #inflight = new Map<string, { promise: Promise<T>; started: number }>()
  readonly share: boolean
  readonly maxWaitMs: number | undefined
  readonly #now: () => number

  constructor(options: boolean | { share: boolean; maxWaitMs?: number; now?: () => number }) {
    const o = typeof options === 'boolean' ? { share: options } : options
    this.share = o.share
    this.maxWaitMs = o.maxWaitMs
    this.#now = o.now ?? Date.now
  }

  /** Number of loads in progress that later callers may join. */
  get pending(): number {
    return this.#inflight.size
  }

  /** Whether a load of key is in progress that a caller may join. */
  running(key: string): boolean {
    const r = this.#inflight.get(key)
    return (
      r !== undefined && (this.maxWaitMs === undefined || this.#now() - r.started < this.maxWaitMs)
    )
  }

  /** Runs `load` for key, or joins the load already running for it. */
  do(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.share) return load()
    const running = this.#inflight.get(key)
    const bound = this.maxWaitMs
    if (running !== undefined) {
      if (bound === undefined) return running.promise
      const left = running.started + bound - this.#now()
      if (left > 0) return this.#join(key, running, left)
    }
    if (bound !== undefined && this.#inflight.size >= SWEEP_AT) this.#sweep(bound)
    const entry = { promise: load(), started: this.#now() }
    entry.promise = entry.promise.finally(() => {
      if (this.#inflight.get(key) === entry) this.#inflight.delete(key)
    })
    this.#inflight.set(key, entry)
    return entry.promise
  }

  // Loads of cancelled requests may never settle, so nothing would ever remove them.
  #sweep(bound: number): void {
    const t = this.#now()
    for (const [k, e] of this.#inflight) if (t - e.started >= bound) this.#inflight.delete(k)
  }

  #join(key: string, leader: { promise: Promise<T> }, left: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.#inflight.get(key) === leader) this.#inflight.delete(key)
        reject(new JoinTimeout())
      }, left)
      leader.promise.then(
        (v) => {
          clearTimeout(timer)
          resolve(v)
        },
        (e: unknown) => {
          clearTimeout(timer)
          reject(e)
        },
      )
    })
  }
}
