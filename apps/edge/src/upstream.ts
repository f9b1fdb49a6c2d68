/** The only way out of the worker: fixed Scrapy Cloud hosts and path shapes through @jobmeta/core's client. */
import {
  createClient,
  ForbiddenError,
  type JobKey,
  type JobState,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from '@jobmeta/core'
import type { EdgeConfig } from './config.ts'
import type { ProblemKind } from './problem.ts'

/** What the routes need from upstream, as parsed data. */
export interface Upstream {
  /** A job's metadata; null when the job does not exist. */
  job(key: JobKey): Promise<Record<string, unknown> | null>
  /** The newest JobQ rows of a project, at most `count`. */
  list(project: number, filters: ListQuery): Promise<Record<string, unknown>[]>
  /** The last finished job of each spider of a project, or of one spider (lastjobsummary rows). */
  lastJobs(project: number, spider?: number): Promise<Record<string, unknown>[]>
  /**
   * The newest JobQ rows of a project, or of one spider, in each state: at most `count` pending,
   * running and finished ones each (JobQ summary), so active jobs are never crowded out.
   */
  summaryRows(
    project: number,
    spider: number | undefined,
    count: number,
  ): Promise<Record<string, unknown>[]>
}

/** What a list asks upstream for: only bounded values (free-text filters are applied by the worker). */
export interface ListQuery {
  state: JobState[]
  count: number
}

/** An upstream failure, classified for the answer, for stale-if-error and for the failure memory. */
export class UpstreamFailure extends Error {
  override name = 'UpstreamFailure'
  constructor(
    readonly kind: Extract<
      ProblemKind,
      'upstream-timeout' | 'upstream-unavailable' | 'upstream-error' | 'upstream-misconfigured'
    >,
    /** whether a stale copy may be served instead (not for credential problems) */
    readonly staleable: boolean,
    /** seconds, when upstream said when to come back */
    readonly retryAfter?: number,
    /** a short label for log lines: an HTTP status, 'timeout', 'network' or 'error' */
    readonly label = 'error',
    /** whether it says the whole upstream is in trouble (rate limit, outage, timeout, no connection) */
    readonly wide = false,
  ) {
    super(kind)
  }
}

function seconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.ceil(ms / 1000)
}

/** Classifies anything thrown by the client. Never keeps upstream messages (they could help an attacker). */
export function toUpstreamFailure(e: unknown): UpstreamFailure {
  if (e instanceof UpstreamFailure) return e
  if (e instanceof UnauthorizedError || e instanceof ForbiddenError) {
    return new UpstreamFailure('upstream-misconfigured', false, undefined, String(e.status), true)
  }
  if (e instanceof TimeoutError) {
    return new UpstreamFailure('upstream-timeout', true, undefined, 'timeout', true)
  }
  if (e instanceof RateLimitedError) {
    return new UpstreamFailure('upstream-unavailable', true, seconds(e.retryAfterMs), '429', true)
  }
  if (e instanceof ServerError) {
    if (e.status === 504)
      return new UpstreamFailure('upstream-timeout', true, undefined, '504', true)
    if (e.status === 503) {
      return new UpstreamFailure('upstream-unavailable', true, seconds(e.retryAfterMs), '503', true)
    }
    return new UpstreamFailure('upstream-error', true, undefined, String(e.status ?? 500))
  }
  if (e instanceof NetworkError) {
    return new UpstreamFailure('upstream-error', true, undefined, 'network', true)
  }
  return new UpstreamFailure('upstream-error', true)
}

const MANUAL: RequestInit = { redirect: 'manual' }

/** The status an upstream redirect is answered with inside the worker: a bad gateway, never followed. */
export const REDIRECT_REFUSED_STATUS = 502

/**
 * A fetch that never follows a redirect. `redirect: 'error'` would do, but workerd refuses that
 * value, so it asks for 'manual' and turns any 3xx (or an opaque redirect) into a 502: a redirect
 * could lead to any origin, and its content must never be published.
 */
export function noRedirects(fetchImpl: typeof fetch, log?: (line: string) => void): typeof fetch {
  return async (input, init) => {
    // Object.assign, not a spread: V8 spreads this object (it carries an AbortSignal) about ten
    // times slower, on every upstream call
    const res = await fetchImpl(input, Object.assign({}, init, MANUAL))
    if (res.type !== 'opaqueredirect' && (res.status < 300 || res.status > 399)) return res
    await res.body?.cancel().catch(() => undefined)
    log?.(`upstream answered a redirect (${res.status || 'opaque'}); redirects are never followed`)
    return new Response(null, { status: REDIRECT_REFUSED_STATUS, statusText: 'Redirect refused' })
  }
}

/** Builds the upstream on @jobmeta/core with the configured key, hosts and timeout, no redirects, and no retries but one for a dropped connection (stale copies cover failures). */
export function createUpstream(
  config: EdgeConfig,
  fetchImpl?: typeof fetch,
  log?: (line: string) => void,
): Upstream {
  const client = createClient({
    apikey: config.apikey,
    storageUrl: config.storageUrl,
    jobqUrl: config.jobqUrl,
    timeoutMs: config.upstreamTimeoutMs,
    // One quick retry, only for a dropped connection (e.g. a keep-alive socket the server just
    // closed): no status is retried, and nothing after 100 ms (so never after a timeout).
    retry: {
      attempts: 2,
      baseDelayMs: 10,
      maxDelayMs: 20,
      jitterMs: 10,
      deadlineMs: 100,
      statuses: [],
    },
    validation: 'off',
    userAgent: 'jobmeta-edge/0.1',
    fetch: noRedirects(fetchImpl ?? ((input, init) => globalThis.fetch(input, init)), log),
  })
  return {
    async job(key) {
      try {
        return (await client.job(key).get()) as Record<string, unknown>
      } catch (e) {
        if (e instanceof NotFoundError) return null
        throw toUpstreamFailure(e)
      }
    },
    async list(project, q) {
      const rows: Record<string, unknown>[] = []
      try {
        const it = client.jobs(project).list({ state: q.state, count: q.count })
        for await (const row of it) {
          rows.push(row as Record<string, unknown>)
          if (rows.length >= q.count) break
        }
      } catch (e) {
        throw toUpstreamFailure(e)
      }
      return rows
    },
    async lastJobs(project, spider) {
      const rows: Record<string, unknown>[] = []
      try {
        const it = client.jobs(project).lastJobs(spider === undefined ? {} : { spider })
        for await (const row of it) rows.push(row as Record<string, unknown>)
      } catch (e) {
        throw toUpstreamFailure(e)
      }
      return rows
    },
    async summaryRows(project, spider, count) {
      try {
        const states = await client
          .jobs(project)
          .summary(undefined, spider === undefined ? { count } : { spider, count })
        // validation is off: a state whose rows are not a list contributes none
        return states.flatMap((s) => (Array.isArray(s?.summary) ? s.summary : []))
      } catch (e) {
        throw toUpstreamFailure(e)
      }
    },
  }
}
