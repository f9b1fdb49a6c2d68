/** createApp: the edge worker as a Hono app (a plain fetch handler for Workers, Node, Deno and Bun). */
import { type Context, Hono } from 'hono'
import { Lru } from './cache/lru.ts'
import {
  cacheScope,
  defaultPlatformCache,
  type PlatformCache,
  scopedPlatformCache,
} from './cache/platform.ts'
import type { CacheEntry } from './cache/policy.ts'
import { Resolver } from './cache/resolve.ts'
import { SingleFlight } from './cache/single-flight.ts'
import type { ConfigError, EdgeConfig } from './config.ts'
import { problem, problemResponse } from './problem.ts'
import { finish, sendProblem } from './respond.ts'
import { jobRoutes } from './routes/jobs.ts'
import { metaRoutes } from './routes/meta.ts'
import { projectRoutes } from './routes/projects.ts'
import {
  ALLOWED_METHODS,
  applyCors,
  applyPreflight,
  applySecureHeaders,
} from './security/headers.ts'
import { memoryRateLimiter, type RateLimiter } from './security/rate-limit.ts'
import { scrub, secretForms } from './security/secrets.ts'
import type { AppState, EdgeEnv } from './state.ts'
import { createUpstream, type Upstream } from './upstream.ts'

/** Platform parts, all optional: tests and entries inject what their platform has. */
export interface EdgeDeps {
  /** fetch used for upstream calls (default: globalThis.fetch) */
  fetch?: typeof fetch
  /** replaces the whole upstream (tests) */
  upstream?: Upstream
  /** the platform cache; default caches.default when present; null disables it */
  platformCache?: PlatformCache | null
  /**
   * 'shared': concurrent requests for one key share one upstream load (Node, Deno, Bun).
   * 'bounded' (Workers): they share it, but each waits at most COALESCE_WAIT_MS for another
   * request's load and then loads on its own, so no request hangs on another's I/O.
   * 'per-request': each request loads on its own.
   */
  coalesce?: 'shared' | 'bounded' | 'per-request'
  /** rate limiter (default: in-memory window when RATE_LIMIT is set) */
  rateLimiter?: RateLimiter
  /** the client identity used for rate limiting */
  clientId?: (c: Context<EdgeEnv>) => string
  /** size in bytes of the request headers (Node reads it off the raw header list) */
  headerBytes?: (c: Context<EdgeEnv>) => number
  /** epoch ms clock */
  now?: () => number
  /** log sink (default console.error); lines are scrubbed of the key first */
  log?: (line: string) => void
}

/** Limits on what a request may carry. */
export const LIMITS = { url: 4096, path: 512, query: 1024, headers: 16_384 }

const PATH_CHARS = /^\/[A-Za-z0-9._~\-/]*$/

function rawPathAndQuery(url: string): [string, string] {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  const rest = start === -1 ? '/' : url.slice(start)
  const q = rest.indexOf('?')
  const hash = rest.indexOf('#')
  const end = hash === -1 ? rest.length : hash
  return q === -1 || q > end ? [rest.slice(0, end), ''] : [rest.slice(0, q), rest.slice(q, end)]
}

function pathProblem(path: string): string | undefined {
  if (!PATH_CHARS.test(path)) {
    return 'the path may only contain letters, digits, "/", ".", "_", "-" and "~" (no percent-encoding)'
  }
  if (path.includes('//')) return 'the path contains an empty segment'
  for (const seg of path.split('/'))
    if (seg === '.' || seg === '..') return 'the path contains a dot segment'
  return undefined
}

function defaultHeaderBytes(c: Context<EdgeEnv>): number {
  let size = 0
  for (const [k, v] of c.req.raw.headers) size += k.length + v.length + 4
  return size
}

function defaultClientId(c: Context<EdgeEnv>): string {
  return c.req.header('cf-connecting-ip') ?? 'anonymous'
}

/** Creates the edge app for a validated configuration. */
export function createApp(config: EdgeConfig, deps: EdgeDeps = {}): Hono<EdgeEnv> {
  const now = deps.now ?? Date.now
  const clock = () => performance.now()
  const secrets = secretForms(config.apikey)
  const sink = deps.log ?? ((line: string) => console.error(line))
  const log = (line: string) => sink(scrub(`[jobmeta-edge] ${line}`, secrets))
  const shared =
    deps.platformCache === null ? undefined : (deps.platformCache ?? defaultPlatformCache())
  const platform = shared && scopedPlatformCache(shared, cacheScope(config))
  const resolver = new Resolver({
    lru: new Lru<CacheEntry>(config.cache.maxEntries, config.cache.maxBytes),
    platform,
    flight: new SingleFlight<CacheEntry>({
      share: (deps.coalesce ?? 'shared') !== 'per-request',
      ...(deps.coalesce === 'bounded' ? { waitMs: config.coalesceWaitMs } : {}),
    }),
    cache: config.cache,
    now,
    clock,
  })
  const state: AppState = {
    config,
    upstream: deps.upstream ?? createUpstream(config, deps.fetch),
    resolver,
    secrets,
    now,
    clock,
    log,
    // Resolved on first use only: Hono's executionCtx getter throws (costly) where there is none.
    waitUntil: (c) => (p) => {
      let ctx: { waitUntil(p: Promise<unknown>): void } | undefined
      try {
        ctx = c.executionCtx
      } catch {
        ctx = undefined
      }
      if (ctx) ctx.waitUntil(p)
      else p.catch(() => undefined)
    },
  }
  const limiter =
    deps.rateLimiter ??
    (config.rateLimit
      ? memoryRateLimiter(config.rateLimit.limit, config.rateLimit.windowSeconds)
      : undefined)
  const clientId = deps.clientId ?? defaultClientId
  const headerBytes = deps.headerBytes ?? defaultHeaderBytes

  const app = new Hono<EdgeEnv>()

  // One middleware for the envelope and the guards. Guards decide before any route, so nothing
  // invalid ever reaches upstream. Answers built by finish() already carry X-Cache, Server-Timing,
  // secure headers and CORS; anything else (a Response from elsewhere) gets them afterwards.
  app.use(async (c, next) => {
    c.set('t0', clock())
    c.set('xcache', 'MISS')
    let early = guard(c)
    if (early instanceof Promise) early = await early
    if (early) return early
    await next()
    if (c.get('enveloped')) return
    const h = c.res.headers
    h.set('x-cache', c.get('xcache'))
    h.set(
      'server-timing',
      `cache;desc="${c.get('xcache')}", total;dur=${(clock() - c.get('t0')).toFixed(1)}`,
    )
    applySecureHeaders(h)
    applyCors(h, c.req.header('origin'), config.corsOrigins)
  })

  // Synchronous unless a rate limiter has to be asked: most requests never leave this tick.
  const guard = (c: Context<EdgeEnv>): Response | undefined | Promise<Response | undefined> => {
    const method = c.req.method
    if (method === 'OPTIONS') {
      const h = new Headers()
      applyPreflight(h, c.req.header('origin'), config.corsOrigins)
      return finish(c, state, null, 204, { allow: ALLOWED_METHODS, ...Object.fromEntries(h) })
    }
    if (method !== 'GET' && method !== 'HEAD') {
      const p = problem('method-not-allowed', 'this endpoint is read-only: use GET or HEAD')
      return sendProblem(c, state, p, { allow: ALLOWED_METHODS })
    }
    const url = c.req.url
    const [path, query] = rawPathAndQuery(url)
    c.set('query', query)
    if (url.length > LIMITS.url || path.length > LIMITS.path || query.length > LIMITS.query) {
      const detail = `paths are limited to ${LIMITS.path} and queries to ${LIMITS.query} characters`
      return sendProblem(c, state, problem('uri-too-long', detail))
    }
    const bad = pathProblem(path)
    if (bad) return sendProblem(c, state, problem('invalid-path', bad))
    const length = c.req.header('content-length')
    if (
      (length !== undefined && length !== '0') ||
      c.req.header('transfer-encoding') !== undefined
    ) {
      return sendProblem(
        c,
        state,
        problem('payload-too-large', 'requests to this endpoint carry no body'),
      )
    }
    if (headerBytes(c) > LIMITS.headers) {
      const detail = `request headers are limited to ${LIMITS.headers} bytes`
      return sendProblem(c, state, problem('headers-too-large', detail))
    }
    if (limiter && path !== '/healthz') return rateLimit(c, limiter)
    return undefined
  }

  const rateLimit = async (c: Context<EdgeEnv>, l: RateLimiter): Promise<Response | undefined> => {
    const d = await l.limit(clientId(c))
    if (d.success) return undefined
    const p = problem('rate-limited', 'too many requests from this client; slow down')
    return sendProblem(c, state, p, { 'retry-after': String(d.retryAfter ?? 60) })
  }

  jobRoutes(app, state)
  projectRoutes(app, state)
  metaRoutes(app, state)

  app.notFound((c) =>
    sendProblem(c, state, problem('not-found', 'no such route; see /openapi.json')),
  )
  app.onError((err, c) => {
    log(`internal error: ${err instanceof Error ? `${err.name}: ${err.message}` : 'unknown'}`)
    return sendProblem(c, state, problem('internal', 'the worker failed to answer this request'))
  })
  return app
}

/** A fetch handler answering every request with a 500 problem naming the bad setting (Workers misconfiguration). */
export function misconfiguredHandler(err: ConfigError): (req: Request) => Response {
  const p = problem('misconfigured', `the worker's configuration is invalid: ${err.message}`, {
    setting: err.setting,
  })
  return () => {
    const res = problemResponse(p, { 'x-cache': 'MISS', 'server-timing': 'total;dur=0' })
    applySecureHeaders(res.headers)
    return res
  }
}
