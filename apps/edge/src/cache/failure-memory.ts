/**
 * Memory of upstream failures, per cache key and per upstream: after a failure a back-off window
 * opens (upstream's Retry-After when it gave one, else a doubling back-off; both capped), during
 * which nothing is asked of upstream for that key (or, for a failure that concerns the whole
 * upstream, for any key). Once a window ends, one load finds out whether upstream is back: per
 * key the single-flight makes it one, per upstream this memory lets one probe through at a time.
 * Every transition is logged once, with what was answered meanwhile.
 */

/** What the memory needs to know of a failure (UpstreamFailure has these). */
export interface FailureNote {
  /** short label for the log: an HTTP status, 'timeout', 'network' */
  label: string
  /** the whole upstream is in trouble (rate limit, outage, timeout), not just this key */
  wide: boolean
  /** seconds upstream asked to wait */
  retryAfter?: number | undefined
}

/** Settings of the memory. */
export interface FailureMemoryOptions {
  /** first window without Retry-After, seconds; doubles with each failure in a row */
  backoffSeconds: number
  /** cap on a window, Retry-After included, seconds */
  backoffMaxSeconds: number
  /** after this long a probe that never settled (its request was cancelled) no longer blocks, ms */
  probeMaxMs: number
  log: (line: string) => void
  /** bound on the keys remembered (the oldest are forgotten first) */
  maxKeys?: number
}

interface Window {
  /** epoch ms the window ends */
  until: number
  /** failures in a row */
  failures: number
  label: string
  /** epoch ms of the first failure in a row */
  since: number
  /** answers given without upstream while open: stale copies, refusals */
  stale: number
  refused: number
  /** upstream windows only: epoch ms a probe started after the window ended */
  probing: number | undefined
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000))

/** Per-key and per-upstream back-off windows after upstream failures. */
export class FailureMemory {
  readonly #keys = new Map<string, Window>()
  readonly #upstreams = new Map<string, Window>()
  readonly #maxKeys: number

  constructor(readonly options: FailureMemoryOptions) {
    this.#maxKeys = options.maxKeys ?? 10_000
  }

  /** Number of keys with a window (open or ended but not yet closed by a success). */
  get keys(): number {
    return this.#keys.size
  }

  /** Seconds until key may be loaded again (a window is open, or an upstream probe is out), or undefined when it may be now. */
  blocked(key: string, upstream: string, now: number): number | undefined {
    const u = this.#upstreams.get(upstream)
    if (u !== undefined) {
      if (now < u.until) return seconds(u.until - now)
      if (u.probing !== undefined && now - u.probing < this.options.probeMaxMs) return 1
    }
    const k = this.#keys.get(key)
    if (k !== undefined && now < k.until) return seconds(k.until - now)
    return undefined
  }

  /** Whether the whole upstream is inside an open window (probes aside). */
  upstreamOpen(upstream: string, now: number): boolean {
    const u = this.#upstreams.get(upstream)
    return u !== undefined && now < u.until
  }

  /** Notes a load about to reach upstream: after an upstream window it is the one probe. */
  starting(upstream: string, now: number): void {
    const u = this.#upstreams.get(upstream)
    if (u !== undefined && now >= u.until) u.probing = now
  }

  /** Notes a load that never reached upstream (no free slot): its probe, if it was one, is off. */
  abandoned(upstream: string): void {
    const u = this.#upstreams.get(upstream)
    if (u !== undefined) u.probing = undefined
  }

  /** Counts an answer given without upstream while a window is open. */
  answered(key: string, upstream: string, how: 'stale' | 'refused'): void {
    for (const w of [this.#keys.get(key), this.#upstreams.get(upstream)]) {
      if (w === undefined) continue
      if (how === 'stale') w.stale++
      else w.refused++
    }
  }

  /** Upstream answered a load of key: closes the key's window and the upstream's. */
  succeeded(key: string, upstream: string, now: number): void {
    const k = this.#keys.get(key)
    if (k !== undefined) {
      this.#keys.delete(key)
      this.#closed(`key ${key}`, k, now)
    }
    const u = this.#upstreams.get(upstream)
    if (u !== undefined) {
      this.#upstreams.delete(upstream)
      this.#closed(`upstream ${upstream}`, u, now)
    }
  }

  /** A load of key failed: opens (or re-opens, longer) the key's window, and the upstream's when the failure is wide. */
  failed(key: string, upstream: string, f: FailureNote, now: number): void {
    this.#open(this.#keys, key, `key ${key}`, f, now)
    while (this.#keys.size > this.#maxKeys) {
      const oldest = this.#keys.keys().next()
      if (oldest.done) break
      this.#keys.delete(oldest.value)
    }
    if (f.wide) {
      this.#open(this.#upstreams, upstream, `upstream ${upstream}`, f, now)
    } else {
      // upstream answered, if only with an error for this key: it is reachable
      const u = this.#upstreams.get(upstream)
      if (u !== undefined && now >= u.until) {
        this.#upstreams.delete(upstream)
        this.#closed(`upstream ${upstream}`, u, now)
      }
    }
  }

  #open(map: Map<string, Window>, id: string, what: string, f: FailureNote, now: number): void {
    const { backoffSeconds, backoffMaxSeconds, log } = this.options
    const prev = map.get(id)
    const failures = (prev?.failures ?? 0) + 1
    const wanted =
      f.retryAfter !== undefined
        ? Math.max(1, f.retryAfter)
        : backoffSeconds * 2 ** Math.min(failures - 1, 20)
    const s = Math.min(wanted, backoffMaxSeconds)
    const until = now + s * 1000
    if (prev !== undefined && now < prev.until) {
      // a load started before the window opened failed too: keep the window, do not count it twice
      if (until > prev.until) prev.until = until
      prev.probing = undefined
      return
    }
    const w: Window = {
      until,
      failures,
      label: f.label,
      since: prev?.since ?? now,
      stale: 0,
      refused: 0,
      probing: undefined,
    }
    map.delete(id)
    map.set(id, w)
    const before =
      prev === undefined
        ? ''
        : `; in the last window ${prev.stale} answered stale, ${prev.refused} refused`
    log(
      `${what}: open for ${s} s after ${f.label}${f.retryAfter !== undefined ? ` (Retry-After ${f.retryAfter} s)` : ''}, failure ${failures} in a row${before}`,
    )
  }

  #closed(what: string, w: Window, now: number): void {
    this.options.log(
      `${what}: closed after ${seconds(now - w.since)} s and ${w.failures} failure(s) in a row (last ${w.label}); in the last window ${w.stale} answered stale, ${w.refused} refused`,
    )
  }
}
