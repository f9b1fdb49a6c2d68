// The typed client of the test-only `/__emulator` controls, over HTTP: web-standard (fetch only),
// so the same helper drives an emulator from Node, from workerd and from a browser.
import type { FaultOptions } from './faults.ts'
import type { RouteStats } from './stats.ts'
import type { JobSeed } from './store.ts'

/** The request counters: all requests, and by route name such as `GET /jobs/:project/:spider/:job`. */
export interface ControlStats {
  total: number
  routes: Record<string, RouteStats>
}

/** What a test can do to a running emulator. */
export interface EmulatorControl {
  /** The emulator's base URL (with a trailing slash). */
  readonly url: string
  /** Injects faults into the requests that match (replacing any before); answers what is set. */
  setFaults(faults: FaultOptions): Promise<FaultOptions>
  /** Removes every injected fault. */
  clearFaults(): Promise<void>
  /** The request counters (control requests are never counted). */
  stats(): Promise<ControlStats>
  /** Requests counted for one route name, or for all routes. */
  count(route?: string): Promise<number>
  /** Counters to zero, faults cleared, clock back to its base; the jobs stay as they are. */
  reset(): Promise<void>
  /** Stores jobs (replacing jobs of the same key), as seeds: a `key` "P/S/J" plus metadata. */
  putJobs(jobs: readonly JobSeed[]): Promise<void>
  /** Removes one job; answers whether it existed. */
  deleteJob(key: string): Promise<boolean>
  /** The emulator's clock, epoch ms. */
  now(): Promise<number>
  /** Moves the emulator's clock by `ms` (negative goes back); answers the new time. */
  advanceClock(ms: number): Promise<number>
  /** Runs one simulation step (jobs move along as with `--simulate`); answers the time. */
  tick(): Promise<number>
}

/** The control client of the emulator at `url` (e.g. `http://127.0.0.1:7070/`). */
export function emulatorControl(
  url: string,
  options: { fetch?: typeof fetch } = {},
): EmulatorControl {
  const base = url.endsWith('/') ? url : `${url}/`
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const init: RequestInit = { method }
    if (body !== undefined) {
      init.body = JSON.stringify(body)
      init.headers = { 'content-type': 'application/json' }
    }
    const res = await send(new URL(`__emulator/${path}`, base), init)
    const text = await res.text()
    if (!res.ok) throw new Error(`emulator control ${method} ${path}: ${res.status} ${text.trim()}`)
    return JSON.parse(text) as T
  }
  const control: EmulatorControl = {
    url: base,
    setFaults: (faults) => call('POST', 'faults', faults),
    clearFaults: async () => {
      await call('POST', 'faults', {})
    },
    stats: () => call('GET', 'stats'),
    count: async (route) => {
      const s = await control.stats()
      return route === undefined ? s.total : (s.routes[route]?.count ?? 0)
    },
    reset: async () => {
      await call('POST', 'reset')
    },
    putJobs: async (jobs) => {
      await call('POST', 'jobs', jobs)
    },
    deleteJob: async (key) => {
      const path = key.split('/').map(encodeURIComponent).join('/')
      return (await call<{ deleted: boolean }>('DELETE', `jobs/${path}`)).deleted
    },
    now: async () => (await call<{ now: number }>('GET', 'clock')).now,
    advanceClock: async (ms) =>
      (await call<{ now: number }>('POST', 'clock', { advanceMs: ms })).now,
    tick: async () => (await call<{ now: number }>('POST', 'tick')).now,
  }
  return control
}
