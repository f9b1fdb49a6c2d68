/** createApp: the edge worker as a Hono app (a plain fetch handler for Workers, Node, Deno and Bun). */
import { secretForms } from '@jobmeta/core'
import { type Context, Hono } from 'hono'
import { FailureMemory } from './cache/failure-memory.ts'
import { Lru } from './cache/lru.ts'
import { NewestJobs } from './cache/newest-jobs.ts'
import {
  cacheScope,
  defaultPlatformCache,
  type PlatformCache,
  scopedPlatformCache,
} from './cache/platform.ts'
import type { CacheEntry } from './cache/policy.ts'
import { type ResolveOptions, Resolver } from './cache/resolve.ts'
import { SingleFlight } from './cache/single-flight.ts'
import { UpstreamGate } from './cache/upstream-gate.ts'
import type { ConfigError, EdgeConfig } from './config.ts'
import { createGuard } from './guard.ts'
import { andThen } from './maybe.ts'
import type { DocumentedRoute } from './openapi.ts'
import { problem, problemResponse } from './problem.ts'
import { sendProblem } from './respond.ts'
import { jobRoutes } from './routes/jobs.ts'
import { metaRoutes } from './routes/meta.ts'
import { projectRoutes } from './routes/projects.ts'
import { spiderBadgeRoutes } from './routes/spider-badge.ts'
import { statusRoutes } from './routes/status/index.ts'
import { applyCors, applySecureHeaders } from './security/headers.ts'
import { memoryRateLimiter, type RateLimiter } from './security/rate-limit.ts'
import { scrub } from './security/secrets.ts'
import type { AppState, EdgeEnv, EdgeHandler, Routes } from './state.ts'
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
   * 'bounded' (Workers): they share it too, but each stops waiting, on a timer of its own, once
   * the load is older than the longest a live load can take (then it answers stale or 504, and
   * never fetches on its own), so no request hangs on another request's I/O.
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

function defaultHeaderBytes(c: Context<EdgeEnv>): number {
  let size = 0
  for (const [k, v] of c.req.raw.headers) size += k.length + v.length + 4
  return size
}

function defaultClientId(c: Context<EdgeEnv>): string {
  return c.req.header('cf-connecting-ip') ?? 'anonymous'
}

/**
 * The longest a live upstream load can take: a wait for a free upstream slot (at most the
 * timeout), then the call itself (the timeout, plus a quick retry of a dropped connection).
 */
export function longestLoadMs(config: EdgeConfig): number {
  return 2 * config.upstreamTimeoutMs + 1000
}

// Loads through the same origin share one failure memory.
function upstreamNames(config: EdgeConfig): Record<'storage' | 'jobq', string> {
  const same = new URL(config.jobqUrl).origin === new URL(config.storageUrl).origin
  return { storage: 'storage', jobq: same ? 'storage' : 'jobq' }
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
  const { budget, cache } = config
  const longest = longestLoadMs(config)
  const resolver = new Resolver({
    lru: new Lru<CacheEntry>(cache.maxEntries, cache.maxBytes),
    negative: new Lru<CacheEntry>(cache.maxMissingEntries, cache.maxMissingEntries * 1024),
    platform,
    flight: new SingleFlight<CacheEntry>({
      share: (deps.coalesce ?? 'shared') !== 'per-request',
      ...(deps.coalesce === 'bounded' ? { maxWaitMs: longest } : {}),
    }),
    gate: new UpstreamGate({
      concurrency: budget.concurrency,
      queue: budget.queue,
      waitMs: config.upstreamTimeoutMs,
      holdMs: config.upstreamTimeoutMs + 1000,
    }),
    memory: new FailureMemory({
      backoffSeconds: budget.backoffSeconds,
      backoffMaxSeconds: budget.backoffMaxSeconds,
      probeMaxMs: longest,
      log,
    }),
    cache,
    now,
    clock,
    log,
  })
  const clientId = deps.clientId ?? defaultClientId
  // misses cost, hits are free: only a request that starts an upstream load it waits for asks
  const missBudget =
    budget.missBudget > 0
      ? memoryRateLimiter(budget.missBudget, budget.missWindowSeconds, now)
      : undefined
  const names = upstreamNames(config)
  const state: AppState = {
    config,
    upstream: deps.upstream ?? createUpstream(config, deps.fetch, log),
    resolver,
    secrets,
    now,
    clock,
    log,
    newest: new NewestJobs(),
    readOptions: (c, upstream) => {
      const o: ResolveOptions = { upstream: names[upstream], waitUntil: state.waitUntil(c) }
      if (missBudget) o.admit = () => missBudget.limit(clientId(c))
      return o
    },
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

  const guard = createGuard(state, {
    limiter,
    clientId,
    headerBytes: deps.headerBytes ?? defaultHeaderBytes,
  })

  // Answers built by finish() already carry X-Cache, Server-Timing, secure headers and CORS;
  // anything else (a Response from elsewhere) gets them here.
  const envelope = (c: Context<EdgeEnv>, res: Response): Response => {
    if (c.get('enveloped')) return res
    const h = res.headers
    h.set('x-cache', c.get('xcache'))
    h.set(
      'server-timing',
      `cache;desc="${c.get('xcache')}", total;dur=${(clock() - c.get('t0')).toFixed(1)}`,
    )
    applySecureHeaders(h)
    applyCors(h, c.req.header('origin'), config.corsOrigins)
    return res
  }

  // The guards and the envelope wrap each handler instead of running as middleware: with one
  // handler per route Hono calls it directly, so a cache hit is answered without a single await.
  const guarded =
    (handler: EdgeHandler): EdgeHandler =>
    (c) => {
      c.set('t0', clock())
      c.set('xcache', 'MISS')
      const early = guard(c)
      if (early === undefined) return andThen(handler(c), (res) => envelope(c, res))
      return andThen(early, (e) => e ?? andThen(handler(c), (res) => envelope(c, res)))
    }

  const app = new Hono<EdgeEnv>()
  // The route table: each route is registered once, with its documentation, which /openapi.json
  // is generated from (the docs are functions, run only when the document is first asked for).
  const table: DocumentedRoute[] = []
  const routes: Routes = {
    get: (path, handler, doc) => {
      table.push({ path, doc })
      app.get(path, guarded(handler))
    },
    document: (path, doc) => {
      table.push({ path, doc })
    },
    table,
  }
  jobRoutes(routes, state)
  projectRoutes(routes, state)
  metaRoutes(routes, state)
  statusRoutes(routes, state)
  spiderBadgeRoutes(routes, state)

  app.notFound(
    guarded((c) => sendProblem(c, state, problem('not-found', 'no such route; see /openapi.json'))),
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
