import type { Access, KeyMap } from './auth.ts'
import type { FaultController } from './faults.ts'
import type { RequestStats } from './stats.ts'
import type { JobStore } from './store.ts'

/** Hono environment of the emulator app: the matched route's name for the stats. */
export type AppEnv = { Variables: { route: string } }

/** What route handlers share: the store, the clock and the key map. */
export interface Deps {
  store: JobStore
  now: () => number
  keys: KeyMap
}

/** The emulator's clock: the base clock (Date.now or the `now` option) plus an offset tests set. */
export interface Clock {
  now(): number
  /** Moves the clock by `ms` (negative goes back). */
  advance(ms: number): void
  /** Sets the offset from the base clock (0 = the base clock again). */
  setOffset(ms: number): void
}

/** What the test-only `/__emulator` controls act on. */
export interface Controls {
  faults: FaultController
  stats: RequestStats
  store: JobStore
  clock: Clock
  /** One simulation step. */
  tick(): void
}

/** One matched request, after faults and auth. */
export interface RouteContext {
  req: Request
  url: URL
  params: Record<string, string>
  /** The project id from the path (already checked readable); 0 for routes without one. */
  project: number
  /** What the request's credentials read (`undefined` only on routes that need no key). */
  access: Access
  deps: Deps
}

/** A route handler. */
export type RouteHandler = (rc: RouteContext) => Response | Promise<Response>

/**
 * Who may call a route: `project` (default) needs a key that reads the `:project` of the path,
 * `key` needs any valid key (routes without a project), `none` needs no key at all.
 */
export type RouteAuth = 'project' | 'key' | 'none'

/** Registers a route; its name for stats is `${method} ${path}`. */
export type Define = (
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  handler: RouteHandler,
  auth?: RouteAuth,
) => void
