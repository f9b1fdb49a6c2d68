/** The only way out of the worker: fixed Scrapy Cloud hosts and path shapes through @jobmeta/core's client. */
import {
  createClient,
  ForbiddenError,
  JobmetaError,
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
  job(key: {
    project: number
    spider: number
    job: number
    key: string
  }): Promise<Record<string, unknown> | null>
  /** The newest JobQ rows of a project, at most `count`. */
  list(project: number, filters: ListQuery): Promise<Record<string, unknown>[]>
}

/** Validated list filters. */
export interface ListQuery {
  state: JobState[]
  spider?: string
  tag?: string
  count: number
}

/** An upstream failure, classified for the answer and for stale-if-error. */
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
  ) {
    super(kind)
  }
}

/** Classifies anything thrown by the client. Never keeps upstream messages (they could help an attacker). */
export function toUpstreamFailure(e: unknown): UpstreamFailure {
  if (e instanceof UpstreamFailure) return e
  if (e instanceof UnauthorizedError || e instanceof ForbiddenError) {
    return new UpstreamFailure('upstream-misconfigured', false)
  }
  if (e instanceof TimeoutError) return new UpstreamFailure('upstream-timeout', true)
  if (e instanceof RateLimitedError) {
    const s = e.retryAfterMs === undefined ? undefined : Math.ceil(e.retryAfterMs / 1000)
    return new UpstreamFailure('upstream-unavailable', true, s)
  }
  if (e instanceof ServerError) {
    const s = e.retryAfterMs === undefined ? undefined : Math.ceil(e.retryAfterMs / 1000)
    if (e.status === 504) return new UpstreamFailure('upstream-timeout', true)
    if (e.status === 503) return new UpstreamFailure('upstream-unavailable', true, s)
    return new UpstreamFailure('upstream-error', true)
  }
  if (e instanceof NetworkError || e instanceof JobmetaError)
    return new UpstreamFailure('upstream-error', true)
  return new UpstreamFailure('upstream-error', true)
}

/** Builds the upstream on @jobmeta/core with the configured key, hosts and timeout, and no retries but one for a dropped connection (stale copies cover failures). */
export function createUpstream(config: EdgeConfig, fetchImpl?: typeof fetch): Upstream {
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
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
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
        const it = client.jobs(project).list({
          state: q.state,
          count: q.count,
          ...(q.spider === undefined ? {} : { spider: q.spider }),
          ...(q.tag === undefined ? {} : { hasTag: q.tag }),
        })
        for await (const row of it) {
          rows.push(row as Record<string, unknown>)
          if (rows.length >= q.count) break
        }
      } catch (e) {
        throw toUpstreamFailure(e)
      }
      return rows
    },
  }
}
