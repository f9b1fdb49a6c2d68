/** Turns any error into a one-line message plus what to do next, for the status line and stderr. */
import {
  AbortedError,
  ForbiddenError,
  InvalidKeyError,
  JobmetaError,
  JobNotFoundError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  ValidationError,
} from '@jobmeta/core'

/** A message for the user and a hint on what to do about it. */
export interface Explained {
  message: string
  hint: string
}

/** Who reads the hint: the viewer's status line (keys) or a command's stderr (commands). */
export type Audience = 'viewer' | 'command'

const RETRY: Record<Audience, string> = { viewer: 'press r to retry', command: 'try again' }

function hostOf(url: string | undefined): string {
  if (!url) return 'the server'
  try {
    return new URL(url).host
  } catch {
    return 'the server'
  }
}

/** Explains an error thrown by core (or anything else) without ever including a secret. */
export function explainError(err: unknown, audience: Audience = 'viewer'): Explained {
  const retry = RETRY[audience]
  if (err instanceof UnauthorizedError) {
    return {
      message: '401 Unauthorized: the API key was rejected',
      hint: 'check --apikey / SH_APIKEY (your key: https://app.zyte.com/o/settings/apikey)',
    }
  }
  if (err instanceof ForbiddenError) {
    return {
      message: '403 Forbidden: this API key cannot read that project',
      hint: 'use a key of the project owner, or pick another project',
    }
  }
  if (err instanceof JobNotFoundError) {
    return {
      message: 'job not found (no metadata for this key)',
      hint:
        audience === 'viewer'
          ? 'check the key; press : to jump to another job'
          : 'check the key (jobmeta ls PROJECT lists the jobs)',
    }
  }
  if (err instanceof NotFoundError) {
    return { message: '404 Not Found', hint: 'check the project id and the storage URL' }
  }
  if (err instanceof InvalidKeyError) {
    return { message: err.message, hint: 'a job key looks like 123/4/567' }
  }
  if (err instanceof TimeoutError) {
    return {
      message: `request to ${hostOf(err.url)} timed out`,
      hint: `the server is slow or unreachable; ${retry}`,
    }
  }
  if (err instanceof NetworkError) {
    return {
      message: `cannot reach ${hostOf(err.url)} (network down or connection reset)`,
      hint: `check your connection or SHUB_STORAGE; ${retry}`,
    }
  }
  if (err instanceof RateLimitedError) {
    const wait = err.retryAfterMs ? ` (retry after ${Math.ceil(err.retryAfterMs / 1000)}s)` : ''
    return {
      message: `429 rate limited${wait}`,
      hint: `wait a moment, then ${audience === 'viewer' ? 'press r' : 'try again'}`,
    }
  }
  if (err instanceof ServerError) {
    return {
      message: `server error ${err.status ?? ''}: ${err.message}`.trim(),
      hint: `Scrapy Cloud is having trouble; ${retry} later`,
    }
  }
  if (err instanceof ValidationError) {
    return { message: 'unexpected data from the server', hint: err.pretty.split('\n')[0] ?? '' }
  }
  if (err instanceof AbortedError) return { message: 'request cancelled', hint: retry }
  if (err instanceof JobmetaError) return { message: err.message, hint: retry }
  const message = err instanceof Error ? err.message : String(err)
  return { message, hint: retry }
}
