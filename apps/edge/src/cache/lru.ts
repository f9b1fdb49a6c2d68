/** An in-isolate least-recently-used cache bounded by entry count and by bytes. */
export class Lru<V> {
  readonly #map = new Map<string, { value: V; bytes: number }>()
  #bytes = 0
  // the most recently used key, when known: reading it again needs no reordering
  #newest: string | undefined

  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
  ) {}

  /** Number of entries held. */
  get size(): number {
    return this.#map.size
  }

  /** Sum of the byte sizes of the entries held. */
  get bytes(): number {
    return this.#bytes
  }

  /** The value for key, marked most recently used. */
  get(key: string): V | undefined {
    const e = this.#map.get(key)
    if (e === undefined) return undefined
    if (key !== this.#newest) {
      this.#map.delete(key)
      this.#map.set(key, e)
      this.#newest = key
    }
    return e.value
  }

  /** The value for key without touching its recency. */
  peek(key: string): V | undefined {
    return this.#map.get(key)?.value
  }

  /** Stores value (of `bytes` bytes), evicting the least recently used entries to stay in bounds. */
  set(key: string, value: V, bytes: number): boolean {
    this.delete(key)
    if (this.maxEntries <= 0 || bytes > this.maxBytes) return false
    this.#map.set(key, { value, bytes })
    this.#newest = key
    this.#bytes += bytes
    while (this.#map.size > this.maxEntries || this.#bytes > this.maxBytes) {
      const oldest = this.#map.keys().next()
      if (oldest.done) break
      this.delete(oldest.value)
    }
    return true
  }

  /** Removes key. */
  delete(key: string): void {
    const e = this.#map.get(key)
    if (e === undefined) return
    this.#map.delete(key)
    if (key === this.#newest) this.#newest = undefined
    this.#bytes -= e.bytes
  }

  /** Removes everything. */
  clear(): void {
    this.#map.clear()
    this.#newest = undefined
    this.#bytes = 0
  }
}
