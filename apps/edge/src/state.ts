/** What route handlers share: configuration, upstream, caches, secrets and the Hono env type. */
import type { Context } from 'hono'
import type { NewestJobs } from './cache/newest-jobs.ts'
import type { CacheStatus, ResolveOptions, Resolver } from './cache/resolve.ts'
import type { EdgeConfig } from './config.ts'
import type { DocumentedRoute, RouteDoc } from './openapi.ts'
import type { Upstream } from './upstream.ts'

/** Per-request variables set by handlers and written out by the envelope middleware. */
export type EdgeEnv = {
  Variables: {
    xcache: CacheStatus
    cacheDesc: string | undefined
    upstreamMs: number | undefined
    /** clock() when the request came in */
    t0: number
    /** the raw query string ('?a=b' or '') */
    query: string
    /** set once the answer carries the envelope headers */
    enveloped: boolean
  }
}

/** A route handler; it answers synchronously when it can (a cache hit), without a single await. */
export type EdgeHandler = (c: Context<EdgeEnv>) => Response | Promise<Response>

/**
 * Where route modules register their GET routes with their documentation; the app runs each
 * handler behind the guards, and /openapi.json is generated from `table`.
 */
export interface Routes {
  get(path: string, handler: EdgeHandler, doc: RouteDoc): void
  /** Documents a path that a registered route's handler answers (the job badges, under :field). */
  document(path: string, doc: RouteDoc): void
  /** Every registered and documented path, in order. */
  readonly table: readonly DocumentedRoute[]
}

/** The app-wide state handed to every route module. */
export interface AppState {
  config: EdgeConfig
  upstream: Upstream
  resolver: Resolver
  /** forms of the API key that must never leave the worker */
  secrets: readonly string[]
  now: () => number
  /** monotonic ms clock for Server-Timing */
  clock: () => number
  log: (message: string) => void
  /** schedules work that may outlive the answer (ctx.waitUntil on Workers) */
  waitUntil: (c: Context<EdgeEnv>) => (p: Promise<unknown>) => void
  /** the options of a read through `upstream`: its name, waitUntil and the client's miss budget */
  readOptions: (c: Context<EdgeEnv>, upstream: 'storage' | 'jobq') => ResolveOptions
  /** the newest job number seen per spider */
  newest: NewestJobs
}
