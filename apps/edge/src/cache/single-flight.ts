/**
 * Coalesces concurrent loads of one key into one call. Only settled, parsed data is shared
 * (never a Response or a stream). With `share: false` (Workers, where awaiting I/O started by
 * another request is not allowed) every caller runs its own load.
 */
export class SingleFlight<T> {
  readonly #inflight = new Map<string, Promise<T>>()

  constructor(readonly share: boolean) {}

  /** Number of loads in progress that later callers may join. */
  get pending(): number {
    return this.#inflight.size
  }

  /** Runs `load` for key, or joins the load already running for it. */
  do(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.share) return load()
    const running = this.#inflight.get(key)
    if (running !== undefined) return running
    const p = load().finally(() => {
      if (this.#inflight.get(key) === p) this.#inflight.delete(key)
    })
    this.#inflight.set(key, p)
    return p
  }
}
