import type { KeyMap } from './auth.ts'
import type { JobStore } from './store.ts'

/** What route handlers share: the store, the clock and the key map. */
export interface Deps {
  store: JobStore
  now: () => number
  keys: KeyMap
}

/** One matched request, after faults and auth. */
export interface RouteContext {
  req: Request
  url: URL
  params: Record<string, string>
  /** The project id from the path (already checked readable). */
  project: number
  deps: Deps
}

/** A route handler. */
export type RouteHandler = (rc: RouteContext) => Response | Promise<Response>

/** Registers a route; its name for stats is `${method} ${path}`. */
export type Define = (
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  handler: RouteHandler,
) => void
