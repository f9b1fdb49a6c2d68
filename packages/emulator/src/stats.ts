/** Request counters of one route. */
export interface RouteStats {
  count: number
  byStatus: Record<string, number>
}

/** Counts requests by route name and status (`reset` for dropped connections). */
export class RequestStats {
  #total = 0
  #routes = new Map<string, RouteStats>()

  /** Records one request. */
  record(route: string, status: number | 'reset'): void {
    this.#total++
    let r = this.#routes.get(route)
    if (!r) {
      r = { count: 0, byStatus: {} }
      this.#routes.set(route, r)
    }
    r.count++
    const s = String(status)
    r.byStatus[s] = (r.byStatus[s] ?? 0) + 1
  }

  /** Requests counted since creation or the last reset. */
  total(): number {
    return this.#total
  }

  /** A copy of the counters, keyed by route name such as `GET /jobs/:project/:spider/:job`. */
  byRoute(): Record<string, RouteStats> {
    const out: Record<string, RouteStats> = {}
    for (const [route, r] of this.#routes)
      out[route] = { count: r.count, byStatus: { ...r.byStatus } }
    return out
  }

  /** Sets every counter back to zero. */
  reset(): void {
    this.#total = 0
    this.#routes.clear()
  }

  /** The body of `GET /__emulator/stats`. */
  toJSON(): { total: number; routes: Record<string, RouteStats> } {
    return { total: this.#total, routes: this.byRoute() }
  }
}
