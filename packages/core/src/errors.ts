import type { z } from 'zod'
import type { FieldIssue } from './issues.ts'

/** Options shared by every jobmeta error. */
export interface JobmetaErrorOptions {
  status?: number
  url?: string
  body?: string
  cause?: unknown
}

/** Base class of every error the client throws: HTTP status, redacted URL and the server's message. */
export class JobmetaError extends Error {
  override name = 'JobmetaError'
  /** HTTP status, when the error comes from a response. */
  readonly status?: number
  /** Request URL with credentials removed. */
  readonly url?: string
  /** The server's error body (trimmed, credentials removed). */
  readonly body?: string

  constructor(message: string, options: JobmetaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    if (options.status !== undefined) this.status = options.status
    if (options.url !== undefined) this.url = options.url
    if (options.body !== undefined) this.body = options.body
  }
}

/** A job, spider or project key that could not be parsed. */
export class InvalidKeyError extends JobmetaError {
  override name = 'InvalidKeyError'
}

/** 400, or a request refused locally before sending (e.g. writing a read-only field). */
export class BadRequestError extends JobmetaError {
  override name = 'BadRequestError'
}

/** 401: missing or wrong credentials. */
export class UnauthorizedError extends JobmetaError {
  override name = 'UnauthorizedError'
}

/** 403: the credentials cannot access this resource. */
export class ForbiddenError extends JobmetaError {
  override name = 'ForbiddenError'
}

/** 404 from the server. */
export class NotFoundError extends JobmetaError {
  override name = 'NotFoundError'
}

/** The job has no metadata (the server answered 200 with an empty body). */
export class JobNotFoundError extends NotFoundError {
  override name = 'JobNotFoundError'
}

/** No spider of that name in the project (the server answered `null` for its id). */
export class SpiderNotFoundError extends NotFoundError {
  override name = 'SpiderNotFoundError'
}

/** A push refused because an active (pending or running) job holds the same `unique` key. */
export class DuplicateJobError extends JobmetaError {
  override name = 'DuplicateJobError'
}

/** 413: the value is larger than the server accepts (1 MiB). */
export class ValueTooLargeError extends JobmetaError {
  override name = 'ValueTooLargeError'
}

/** 429: too many requests; `retryAfterMs` from the Retry-After header when present. */
export class RateLimitedError extends JobmetaError {
  override name = 'RateLimitedError'
  /** Wait requested by the server, in milliseconds. */
  readonly retryAfterMs?: number

  constructor(message: string, options: JobmetaErrorOptions & { retryAfterMs?: number } = {}) {
    super(message, options)
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs
  }
}

/** 5xx from the server or its front proxy. */
export class ServerError extends JobmetaError {
  override name = 'ServerError'
  /** Wait requested by the server (Retry-After on 503), in milliseconds. */
  readonly retryAfterMs?: number

  constructor(message: string, options: JobmetaErrorOptions & { retryAfterMs?: number } = {}) {
    super(message, options)
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs
  }
}

/** A request (or the wait for its body) took longer than `timeoutMs`. */
export class TimeoutError extends JobmetaError {
  override name = 'TimeoutError'
}

/** The connection failed, was reset, or the body was cut short. */
export class NetworkError extends JobmetaError {
  override name = 'NetworkError'
}

/** The caller's AbortSignal fired. */
export class AbortedError extends JobmetaError {
  override name = 'AbortedError'
}

/**
 * A response did not match the schema. Thrown in 'strict' mode (and in any mode when the response
 * cannot be used at all); handed to `onWarning` in 'warn' mode. `fields` names each value that
 * does not have its type and `value` keeps the response as sent, so a caller who catches it still
 * has the rest of the job.
 */
export class ValidationError extends JobmetaError {
  override name = 'ValidationError'
  /** Each value that does not have its documented type: path, expected, got. */
  readonly fields: FieldIssue[]
  /** The response as sent (undefined when the error was built without it). */
  readonly value: unknown
  readonly #issues: () => z.core.$ZodIssue[]
  readonly #pretty: () => string

  constructor(
    message: string,
    issues: z.core.$ZodIssue[] | (() => z.core.$ZodIssue[]),
    pretty: string | (() => string),
    options: JobmetaErrorOptions & { fields?: FieldIssue[]; value?: unknown } = {},
  ) {
    super(message, options)
    this.#issues = typeof issues === 'function' ? once(issues) : () => issues
    this.#pretty = typeof pretty === 'function' ? once(pretty) : () => pretty
    this.fields = options.fields ?? []
    this.value = options.value
  }

  /** zod's issues (built on first read). */
  get issues(): z.core.$ZodIssue[] {
    return this.#issues()
  }

  /** Human-readable rendering of zod's issues (built on first read). */
  get pretty(): string {
    return this.#pretty()
  }
}

function once<T>(f: () => T): () => T {
  let done = false
  let v: T
  return () => {
    if (!done) {
      v = f()
      done = true
    }
    return v
  }
}

const MAX_MESSAGE = 300

/** Replace credentials in a URL: the `apikey` query parameter and any user:password part. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    let changed = false
    if (u.username || u.password) {
      u.username = ''
      u.password = ''
      changed = true
    }
    if (u.searchParams.has('apikey')) {
      u.searchParams.set('apikey', 'REDACTED')
      changed = true
    }
    return changed ? u.toString() : url
  } catch {
    // a message that holds URLs (e.g. fetch's "cannot be constructed from a URL that includes
    // credentials: http://KEY@host/..."): strip user info and the apikey parameter wherever they are
    return url
      .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi, '$1')
      .replace(/([?&]apikey=)[^&#\s]*/gi, '$1REDACTED')
  }
}

/** Replace every occurrence of the given secrets (4 characters or longer) in a text. */
export function redactSecrets(
  text: string,
  secrets: readonly string[],
  replacement = 'REDACTED',
): string {
  let out = text
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(replacement)
  return out
}

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

function stripTags(s: string): string {
  return decodeEntities(s.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim()
}

/** The human message of an error body: JSON `message`, the title/h1 of an HTML page, or the text. */
export function messageFromBody(body: string, contentType = ''): string {
  const text = body.trim()
  if (text === '') return ''
  if (contentType.includes('json') || text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text)
      if (parsed && typeof parsed === 'object') {
        const o = parsed as Record<string, unknown>
        for (const k of ['message', 'error', 'detail']) {
          if (typeof o[k] === 'string' && o[k] !== '') return truncate(o[k] as string)
        }
      }
      if (typeof parsed === 'string') return truncate(parsed)
    } catch {
      // not JSON after all: fall through to text
    }
  }
  if (contentType.includes('html') || /^<(!doctype|html|head|body)/i.test(text)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1]
    const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(text)?.[1]
    const picked = (title && stripTags(title)) || (h1 && stripTags(h1)) || stripTags(text)
    return truncate(picked)
  }
  return truncate(text.replace(/\s+/g, ' '))
}

function truncate(s: string): string {
  return s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s
}

/** Parse a Retry-After header (delta seconds or HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (value == null) return undefined
  const v = value.trim()
  if (v === '') return undefined
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000)
  const date = Date.parse(v)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

/** Build the typed error for an HTTP error response. */
export function errorFromResponse(input: {
  status: number
  statusText?: string
  body: string
  contentType?: string
  retryAfter?: string | null
  url: string
  method?: string
  /** Strings (API key, job token) to remove from the message and body. */
  secrets?: readonly string[]
}): JobmetaError {
  const { status } = input
  const secrets = input.secrets ?? []
  const url = redactSecrets(redactUrl(input.url), secrets)
  const raw = redactSecrets(input.body, secrets)
  const detail = messageFromBody(raw, input.contentType) || input.statusText || ''
  const message = `${input.method ?? 'GET'} ${url} -> ${status}${detail ? `: ${detail}` : ''}`
  const body = raw.length > 4096 ? raw.slice(0, 4096) : raw
  const options = { status, url, body }
  const retryAfterMs = parseRetryAfter(input.retryAfter)
  const withRetry = retryAfterMs === undefined ? options : { ...options, retryAfterMs }
  if (status === 400) return new BadRequestError(message, options)
  if (status === 401) return new UnauthorizedError(message, options)
  if (status === 403) return new ForbiddenError(message, options)
  if (status === 404) return new NotFoundError(message, options)
  if (status === 413) return new ValueTooLargeError(message, options)
  if (status === 429) return new RateLimitedError(message, withRetry)
  if (status >= 500) return new ServerError(message, withRetry)
  return new JobmetaError(message, options)
}
