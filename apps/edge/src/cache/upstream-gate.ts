/**
 * A cap on upstream calls in flight: past `concurrency`, loads wait in a bounded queue, each for at
 * most `waitMs`, and are refused after that (GateFull). On Workers a slot may belong to a request
 * that was cancelled and will never give it back, so a slot held longer than `holdMs` is presumed
 * dead and taken back when a load needs it.
 */

/** No upstream slot was free in time, or the queue was full. */
export class GateFull extends Error {
  override name = 'GateFull'
  constructor() {
    super('no free upstream slot')
  }
}

/** Settings of a gate. */
export interface GateOptions {
  concurrency: number
  /** loads that may wait for a slot */
  queue: number
  /** longest wait for a slot, ms */
  waitMs: number
  /** a slot held longer than this is taken back, ms */
  holdMs: number
  now?: () => number
}

interface Slot {
  since: number
}

interface Waiter {
  grant(slot: Slot): void
}

/** Runs loads with at most `concurrency` in flight. */
export class UpstreamGate {
  readonly #slots = new Set<Slot>()
  readonly #queue: Waiter[] = []
  readonly #now: () => number

  constructor(readonly options: GateOptions) {
    this.#now = options.now ?? Date.now
  }

  /** Loads in flight. */
  get active(): number {
    return this.#slots.size
  }

  /** Loads waiting for a slot. */
  get waiting(): number {
    return this.#queue.length
  }

  /** Runs `load` in a slot, waiting for one if needed; throws GateFull when none comes in time. */
  async run<T>(load: () => Promise<T>): Promise<T> {
    const slot = this.#take() ?? (await this.#wait())
    try {
      return await load()
    } finally {
      this.#release(slot)
    }
  }

  #take(): Slot | undefined {
    if (this.#slots.size >= this.options.concurrency) this.#reclaim()
    if (this.#slots.size >= this.options.concurrency || this.#queue.length > 0) return undefined
    const slot = { since: this.#now() }
    this.#slots.add(slot)
    return slot
  }

  #wait(): Promise<Slot> {
    if (this.#queue.length >= this.options.queue) return Promise.reject(new GateFull())
    return new Promise<Slot>((resolve, reject) => {
      const waiter: Waiter = {
        grant: (slot) => {
          clearTimeout(timer)
          resolve(slot)
        },
      }
      const timer = setTimeout(() => {
        const i = this.#queue.indexOf(waiter)
        if (i !== -1) this.#queue.splice(i, 1)
        reject(new GateFull())
      }, this.options.waitMs)
      this.#queue.push(waiter)
      this.#pump()
    })
  }

  #release(slot: Slot): void {
    if (this.#slots.delete(slot)) this.#pump()
  }

  // hands free slots to the waiters, oldest first
  #pump(): void {
    while (this.#queue.length > 0 && this.#slots.size < this.options.concurrency) {
      const waiter = this.#queue.shift() as Waiter
      const slot = { since: this.#now() }
      this.#slots.add(slot)
      waiter.grant(slot)
    }
  }

  #reclaim(): void {
    const t = this.#now()
    for (const s of this.#slots) if (t - s.since >= this.options.holdMs) this.#slots.delete(s)
  }
}
