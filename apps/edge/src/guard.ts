/** The request guards, decided before any route so that nothing invalid ever reaches upstream. */
import type { Context } from 'hono'
import { problem } from './problem.ts'
import { finish, sendProblem } from './respond.ts'
import { ALLOWED_METHODS, applyPreflight } from './security/headers.ts'
import type { RateLimiter } from './security/rate-limit.ts'
import type { AppState, EdgeEnv } from './state.ts'

/** Limits on what a request may carry. */
export const LIMITS = { url: 4096, path: 512, query: 1024, headers: 16_384 }

/** A guard's verdict: an early answer, or undefined to let the request through. */
export type GuardResult = Response | undefined | Promise<Response | undefined>

/** What the guard needs besides the app state. */
export interface GuardParts {
  limiter: RateLimiter | undefined
  clientId: (c: Context<EdgeEnv>) => string
  headerBytes: (c: Context<EdgeEnv>) => number
}

const PATH_CHARS = /^\/[A-Za-z0-9._~\-/]*$/

/** The raw path and query ('?a=b' or '') of a URL, without decoding anything. */
export function rawPathAndQuery(url: string): [string, string] {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  const rest = start === -1 ? '/' : url.slice(start)
  const q = rest.indexOf('?')
  const hash = rest.indexOf('#')
  const end = hash === -1 ? rest.length : hash
  return q === -1 || q > end ? [rest.slice(0, end), ''] : [rest.slice(0, q), rest.slice(q, end)]
}

/**
 * Why a raw path is refused, or undefined when it is acceptable. There is no dot-segment rule:
 * every entry hands the worker a URL the WHATWG parser has already resolved ('.', '..', '%2e%2e'
 * and the like are gone; @hono/node-server, workerd, Deno and Bun all do it, and test/ checks it
 * over a raw socket), and a segment such as 'a%2e%2e' is refused by the character rule.
 */
export function pathProblem(path: string): string | undefined {
  if (!PATH_CHARS.test(path)) {
    return 'the path may only contain letters, digits, "/", ".", "_", "-" and "~" (no percent-encoding)'
  }
  if (path.includes('//')) return 'the path contains an empty segment'
  return undefined
}

/** Builds the guard; it stays synchronous unless a rate limiter has to be asked. */
export function createGuard(
  state: AppState,
  parts: GuardParts,
): (c: Context<EdgeEnv>) => GuardResult {
  const { config } = state
  const { limiter, clientId, headerBytes } = parts

  const rateLimit = async (c: Context<EdgeEnv>, l: RateLimiter): Promise<Response | undefined> => {
    const d = await l.limit(clientId(c))
    if (d.success) return undefined
    const p = problem('rate-limited', 'too many requests from this client; slow down')
    return sendProblem(c, state, p, { 'retry-after': String(d.retryAfter ?? 60) })
  }

  return (c) => {
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
}
