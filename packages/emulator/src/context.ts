import type { Access, KeyMap } from './auth.ts'
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
