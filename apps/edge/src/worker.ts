/** Cloudflare Workers entry: configuration from env (vars + secrets), caches.default, the rate-limit binding. */
import type { Hono } from 'hono'
import { createApp, misconfiguredHandler } from './app.ts'
import { ConfigError, parseConfig } from './config.ts'
import { bindingRateLimiter, type RateLimitBinding } from './security/rate-limit.ts'
import type { EdgeEnv } from './state.ts'

/** The bindings this worker reads (all vars are optional strings but SHUB_APIKEY). */
export type WorkerEnv = Record<string, unknown> & { RATE_LIMITER?: RateLimitBinding }

interface ExecutionContextLike {
  waitUntil(p: Promise<unknown>): void
  passThroughOnException(): void
}

type Handler = (
  req: Request,
  env: WorkerEnv,
  ctx: ExecutionContextLike,
) => Response | Promise<Response>

// One app per isolate, so the LRU lives as long as the isolate does.
let built: Handler | undefined

/** Builds the handler for an env: the app, or a 500-problem handler naming the bad setting. */
export function buildWorkerHandler(env: WorkerEnv): Handler {
  let config: ReturnType<typeof parseConfig>
  try {
    config = parseConfig(env)
  } catch (e) {
    const err = e instanceof ConfigError ? e : new ConfigError('configuration', 'could not be read')
    console.error(`[jobmeta-edge] misconfigured: ${err.message}`)
    return misconfiguredHandler(err)
  }
  const binding = env.RATE_LIMITER
  const app: Hono<EdgeEnv> = createApp(config, {
    coalesce: 'bounded',
    clientId: (c) => c.req.header('cf-connecting-ip') ?? 'anonymous',
    ...(binding && typeof binding.limit === 'function'
      ? { rateLimiter: bindingRateLimiter(binding, config.rateLimit?.windowSeconds ?? 60) }
      : {}),
  })
  return (req, e, ctx) => app.fetch(req, e, ctx as never)
}

/** The Workers module: one app per isolate, built from env on the first request. */
export default {
  fetch(req: Request, env: WorkerEnv, ctx: ExecutionContextLike): Response | Promise<Response> {
    built ??= buildWorkerHandler(env)
    return built(req, env, ctx)
  },
}
