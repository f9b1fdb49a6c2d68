/** Building answers: every body passes the secret scrubber; cached answers get ETag, 304, Age and Cache-Control. */
import type { Context } from 'hono'
import { ageSeconds, cacheControl, staleCacheControl } from './cache/policy.ts'
import type { CacheStatus, Refused, Resolved } from './cache/resolve.ts'
import { etagOf, ifNoneMatch } from './etag.ts'
import { PROBLEM_TYPE, type Problem, problem } from './problem.ts'
import { envelopeHeaders } from './security/headers.ts'
import { scrub } from './security/secrets.ts'
import type { AppState, EdgeEnv } from './state.ts'
import type { UpstreamFailure } from './upstream.ts'

/** JSON media type. */
export const JSON_TYPE = 'application/json; charset=utf-8'

const TIMING: Record<CacheStatus, string> = {
  HIT: 'cache;desc="HIT"',
  MISS: 'cache;desc="MISS"',
  STALE: 'cache;desc="STALE"',
  REVALIDATED: 'cache;desc="REVALIDATED"',
}

/**
 * Builds the answer with every envelope header at once (X-Cache, Server-Timing, secure headers,
 * CORS): a Response whose headers are never touched afterwards stays on the Node adapter's fast path.
 */
export function finish(
  c: Context<EdgeEnv>,
  state: AppState,
  body: string | null,
  status: number,
  headers: Record<string, string>,
): Response {
  const xcache = c.get('xcache') ?? 'MISS'
  const desc = c.get('cacheDesc')
  const up = c.get('upstreamMs')
  const t0 = c.get('t0')
  const total = t0 === undefined ? 0 : state.clock() - t0
  const cors = state.config.corsOrigins
  headers['x-cache'] = xcache
  headers['server-timing'] =
    `${desc ? `cache;desc="${xcache} ${desc}"` : TIMING[xcache]}${up === undefined ? '' : `, upstream;dur=${up.toFixed(1)}`}, total;dur=${total.toFixed(1)}`
  Object.assign(headers, envelopeHeaders(cors === '*' ? undefined : c.req.header('origin'), cors))
  c.set('enveloped', true)
  return new Response(body, { status, headers })
}

/** A problem answer (no-store unless the caller's headers say otherwise); the body is scrubbed of the key. */
export function sendProblem(
  c: Context<EdgeEnv>,
  state: AppState,
  p: Problem,
  headers?: Record<string, string>,
): Response {
  return finish(c, state, scrub(JSON.stringify(p), state.secrets), p.status, {
    'content-type': PROBLEM_TYPE,
    'cache-control': 'no-store',
    ...headers,
  })
}

/** Notes the cache outcome for X-Cache and Server-Timing. */
export function noteCache(
  c: Context<EdgeEnv>,
  r: Pick<Resolved, 'status' | 'stale' | 'upstreamMs'>,
): void {
  c.set('xcache', r.status)
  c.set('cacheDesc', r.stale)
  c.set('upstreamMs', r.upstreamMs)
}

/**
 * A representation of a resolved entry: 304 when If-None-Match matches, else the body. The ETag
 * is the entry's own when `body` is its primary body, else computed from `body`.
 */
export function sendCached(
  c: Context<EdgeEnv>,
  state: AppState,
  r: Resolved,
  body: string,
  contentType: string,
  status = 200,
): Response {
  noteCache(c, r)
  // the entry's own body was scrubbed when the entry was made
  const own = body === r.entry.body
  const safe = own ? body : scrub(body, state.secrets)
  const etag = own || safe === r.entry.body ? r.entry.etag : etagOf(safe)
  const headers: Record<string, string> = {
    'content-type': contentType,
    etag,
    'cache-control':
      r.status === 'STALE'
        ? staleCacheControl(state.config.cache)
        : cacheControl(r.entry.ttl, state.config.cache),
  }
  if (r.status === 'HIT' || r.status === 'STALE')
    headers.age = String(ageSeconds(r.entry, state.now()))
  if (status === 200 && ifNoneMatch(c.req.header('if-none-match'), etag)) {
    return finish(c, state, null, 304, headers)
  }
  return finish(c, state, safe, status, headers)
}

const FAILURE_DETAIL: Record<UpstreamFailure['kind'] | Refused['kind'], string> = {
  'upstream-misconfigured':
    'The worker is misconfigured and cannot read this data; its operator has to fix it.',
  'upstream-timeout': 'Scrapy Cloud did not answer in time, and no cached copy is available.',
  'upstream-unavailable': 'Scrapy Cloud is unavailable, and no cached copy is available.',
  'upstream-error': 'Scrapy Cloud answered with an error, and no cached copy is available.',
  'upstream-backoff':
    'Scrapy Cloud failed recently and this worker waits before asking again; no cached copy is available.',
  'upstream-busy':
    'This worker has too many requests to Scrapy Cloud in progress; no cached copy is available.',
  'rate-limited':
    'This client asked for too much uncached data; cached answers are still served. Slow down.',
}

/**
 * The problem answer for an upstream failure or a refusal (with Retry-After when known). Not
 * logged here: the failure memory logs each change of upstream state, not each answer.
 */
export function sendFailure(
  c: Context<EdgeEnv>,
  state: AppState,
  f: UpstreamFailure | Refused,
): Response {
  c.set('xcache', 'MISS')
  const headers: Record<string, string> = {}
  if (f.retryAfter !== undefined) headers['retry-after'] = String(f.retryAfter)
  else if (f.kind === 'upstream-unavailable') headers['retry-after'] = '5'
  return sendProblem(c, state, problem(f.kind, FAILURE_DETAIL[f.kind]), headers)
}
