import { basicAuth, decodeJobAuth, secretForms } from './auth.ts'
import {
  AbortedError,
  errorFromResponse,
  JobmetaError,
  NetworkError,
  redactSecrets,
  redactUrl,
  TimeoutError,
  ValidationError,
} from './errors.ts'
import { formatFieldIssue } from './issues.ts'
import { LineTooLongError, parseJsonLines, TruncatedLineError } from './jsonlines.ts'
import { type RetryInfo, type RetryPolicy, resolveRetryPolicy, withRetry } from './retry.ts'
import { type CheckFailure, type CheckResult, loadSchemas } from './schema.ts'
import { VERSION } from './version.ts'

/** Options of createClient. */
export interface ClientOptions {
  /** Scrapy Cloud API key (sent as Basic user, or as ?apikey= with authMode 'query'). */
  apikey?: string
  /** Job token: hex SHUB_JOBAUTH or 'P/S/J:<jwt>' (always sent as Basic auth). */
  jobAuth?: string
  /** How the API key is sent: HTTP Basic (default) or the `apikey` query parameter. */
  authMode?: 'basic' | 'query'
  /** Storage API base URL, default https://storage.scrapinghub.com/. */
  storageUrl?: string
  /** JobQ base URL, default: storageUrl. */
  jobqUrl?: string
  /** fetch implementation, default globalThis.fetch. */
  fetch?: typeof fetch
  /** Per-attempt timeout in ms (for streamed lists: the longest wait for the next chunk), default 60000. */
  timeoutMs?: number
  /** Retry policy overrides, or false to never retry. */
  retry?: Partial<RetryPolicy> | false
  /** Cancels every request made by this client. */
  signal?: AbortSignal
  /** User-Agent header, default `jobmeta-core/VERSION` (DEFAULT_USER_AGENT). */
  userAgent?: string
  /**
   * Response validation: report odd values and return the response as sent (warn, default), throw
   * ValidationError (strict), or skip (off).
   */
  validation?: 'strict' | 'warn' | 'off'
  /** Called with each ValidationError in 'warn' mode (default: console.warn of its message). */
  onWarning?: (error: ValidationError) => void
  /**
   * Called before the wait of each retry of an idempotent request (the attempt that failed, the
   * attempts allowed, the wait, the error), e.g. to show "retrying in 8s".
   */
  onRetry?: (info: RetryInfo) => void
}

/** Options accepted by every call. */
export interface RequestOptions {
  /** Cancels this call (and its retries). */
  signal?: AbortSignal
}

/** Default storage base URL. */
export const DEFAULT_STORAGE_URL = 'https://storage.scrapinghub.com/'
/** Default User-Agent. */
export const DEFAULT_USER_AGENT = `jobmeta-core/${VERSION}`

type QueryValue = string | number | undefined | (string | number)[]

/** One logical request (retried as a unit). */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'DELETE'
  base: 'storage' | 'jobq'
  /** Encoded path without leading slash, e.g. 'jobs/1/2/3'. */
  path: string
  query?: Record<string, QueryValue>
  body?: string
  /** GET, DELETE and metadata POSTs are idempotent and retried; anything else is not. */
  idempotent: boolean
  signal?: AbortSignal | undefined
}

interface Attempt {
  res: Response
  url: string
  /** Restart the timeout (called on every chunk of a streamed body). */
  touch(): void
  /** Stop the timeout while the caller, not the server, holds things up. */
  pause(): void
  close(): void
  fail(error: unknown): JobmetaError
}

/** Read a body as UTF-8 text (avoids workerd's warning about .text() on non-text content types). */
async function bodyText(res: Response): Promise<string> {
  return new TextDecoder().decode(await res.arrayBuffer())
}

/** Most bytes of an error body that are read: the message and `error.body` need only the start. */
const MAX_ERROR_BODY_BYTES = 64 * 1024

/** Read at most `max` bytes of a body as UTF-8 text and drop the rest (an error page may be endless). */
async function bodyPrefix(res: Response, max: number): Promise<string> {
  if (!res.body) return ''
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let size = 0
  try {
    while (size < max) {
      const r = await reader.read()
      if (r.done) return text + decoder.decode()
      const chunk = r.value.byteLength > max - size ? r.value.subarray(0, max - size) : r.value
      size += chunk.byteLength
      text += decoder.decode(chunk, { stream: true })
    }
    await reader.cancel().catch(() => {})
    return text + decoder.decode()
  } finally {
    reader.releaseLock()
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`
}

/** Combine signals: aborted when any is. */
export function anySignal(signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const list = signals.filter((s): s is AbortSignal => s !== undefined)
  if (list.length <= 1) return list[0]
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(list)
  const ac = new AbortController()
  for (const s of list) {
    if (s.aborted) ac.abort(s.reason)
    else s.addEventListener('abort', () => ac.abort(s.reason), { once: true })
  }
  return ac.signal
}

/** The request pipeline shared by every method: URL, auth, fetch, timeout, errors, retries, validation. */
export class Transport {
  readonly storageUrl: string
  readonly jobqUrl: string
  readonly policy: RetryPolicy
  readonly timeoutMs: number
  readonly validation: 'strict' | 'warn' | 'off'
  private readonly secrets: string[]
  private readonly headers: Record<string, string>
  /** The headers of a request with a (JSON) body. */
  private readonly bodyHeaders: Record<string, string>
  private readonly queryAuth: string | undefined
  private readonly options: ClientOptions
  private readonly fetch: (url: string, init: RequestInit) => Promise<Response>

  constructor(options: ClientOptions = {}) {
    this.options = options
    this.storageUrl = withSlash(options.storageUrl ?? DEFAULT_STORAGE_URL)
    this.jobqUrl = withSlash(options.jobqUrl ?? this.storageUrl)
    this.policy = resolveRetryPolicy(options.retry)
    this.timeoutMs = options.timeoutMs ?? 60000
    this.validation = options.validation ?? 'warn'
    this.headers = { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT }
    // every form a credential can leak in (a proxy's debug page may echo the Basic token)
    this.secrets = []
    if (options.apikey) {
      this.secrets.push(...secretForms(options.apikey))
      if (options.authMode === 'query') this.queryAuth = options.apikey
      else this.headers.authorization = basicAuth(options.apikey, '')
    } else if (options.jobAuth) {
      const { user, password } = decodeJobAuth(options.jobAuth)
      this.secrets.push(...secretForms(options.jobAuth), ...secretForms(password, user))
      this.headers.authorization = basicAuth(user, password)
    }
    this.bodyHeaders = {
      ...this.headers,
      'content-type': 'application/json',
      accept: 'application/json',
    }
    // fetch is called directly: the pipeline does its own retries, timeouts and errors, and a
    // wrapper's Headers objects and option merging cost CPU on every call (and, on Node 20, load
    // undici at import time). The global is looked up per call, so it may be replaced later.
    const userFetch = options.fetch
    this.fetch = userFetch
      ? (url, init) => userFetch(url, init)
      : (url, init) => globalThis.fetch(url, init)
  }

  /** Full URL of a request, credentials included (never shown: use redactUrl). */
  url(spec: RequestSpec): string {
    const u = new URL(spec.path, spec.base === 'jobq' ? this.jobqUrl : this.storageUrl)
    for (const [k, v] of Object.entries(spec.query ?? {})) {
      if (v === undefined) continue
      for (const item of Array.isArray(v) ? v : [v]) u.searchParams.append(k, String(item))
    }
    if (this.queryAuth) u.searchParams.set('apikey', this.queryAuth)
    return u.toString()
  }

  /** Remove credentials from a text. */
  redact(text: string): string {
    return redactSecrets(redactUrl(text), this.secrets)
  }

  /** The client-wide signal, if any. */
  get signal(): AbortSignal | undefined {
    return this.options.signal
  }

  private signalFor(spec: RequestSpec): AbortSignal | undefined {
    return anySignal([this.options.signal, spec.signal])
  }

  /** One attempt: send, and turn error statuses into typed errors. The caller reads the body. */
  private async open(spec: RequestSpec, signal: AbortSignal | undefined): Promise<Attempt> {
    const url = this.url(spec)
    // redaction is only needed for errors and messages: do it once, on demand
    let shown: string | undefined
    const shownUrl = (): string => {
      shown ??= this.redact(url)
      return shown
    }
    const what = (): string => `${spec.method} ${shownUrl()}`
    if (signal?.aborted) throw new AbortedError(`${what()} aborted`, { url: shownUrl() })
    const ac = new AbortController()
    let timedOut = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const touch = (): void => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        timedOut = true
        ac.abort()
      }, this.timeoutMs)
    }
    const pause = (): void => clearTimeout(timer)
    const onAbort = (): void => ac.abort()
    signal?.addEventListener('abort', onAbort, { once: true })
    const close = (): void => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }
    const fail = (error: unknown): JobmetaError => {
      if (signal?.aborted) return new AbortedError(`${what()} aborted`, { url: shownUrl() })
      if (timedOut) {
        return new TimeoutError(`${what()} timed out after ${this.timeoutMs} ms`, {
          url: shownUrl(),
        })
      }
      if (error instanceof JobmetaError) return error
      if (error instanceof LineTooLongError) {
        return new JobmetaError(`${what()}: ${error.message}`, { url: shownUrl() })
      }
      if (error instanceof TruncatedLineError || error instanceof SyntaxError) {
        return new NetworkError(`${what()}: response body cut short or not JSON`, {
          url: shownUrl(),
        })
      }
      // fetch rejects with a TypeError ("fetch failed") whose cause names the socket error
      const detail =
        error instanceof Error
          ? [error.message, (error.cause as Error | undefined)?.message]
          : [String(error)]
      const reason = this.redact(detail.filter(Boolean).join(': ')) || 'network error'
      return new NetworkError(`${what()} failed: ${reason}`, { url: shownUrl() })
    }
    touch()
    let res: Response
    try {
      const init: RequestInit = { method: spec.method, headers: this.headers, signal: ac.signal }
      if (spec.body !== undefined) {
        init.body = spec.body
        init.headers = this.bodyHeaders
      }
      res = await this.fetch(url, init)
    } catch (error) {
      close()
      throw fail(error)
    }
    if (res.status >= 400) {
      let body = ''
      try {
        body = await bodyPrefix(res, MAX_ERROR_BODY_BYTES)
      } catch {
        // the error status is what matters; a broken error body is not
      }
      close()
      throw errorFromResponse({
        status: res.status,
        statusText: res.statusText,
        body,
        contentType: res.headers.get('content-type') ?? '',
        retryAfter: res.headers.get('retry-after'),
        url,
        method: spec.method,
        secrets: this.secrets,
      })
    }
    return {
      res,
      get url() {
        return shownUrl()
      },
      touch,
      pause,
      close,
      fail,
    }
  }

  /** Send a request and read the whole body as text, with retries. */
  async text(spec: RequestSpec): Promise<{ text: string; contentType: string }> {
    return this.json(spec, (text, contentType) => ({ text, contentType }))
  }

  /** Send a request and parse the body, with retries (parse failures count as a cut-short body). */
  async json<T>(
    spec: RequestSpec,
    parse: (text: string, contentType: string, url: () => string) => T | Promise<T>,
  ): Promise<T> {
    const signal = this.signalFor(spec)
    return withRetry(
      async () => {
        const a = await this.open(spec, signal)
        let text: string
        try {
          text = await bodyText(a.res)
        } catch (error) {
          throw a.fail(error)
        } finally {
          // the timeout bounds the server's answer, not the parsing and checking of it (a first
          // failed check loads zod, which can take a while on a busy machine)
          a.close()
        }
        try {
          return await parse(text, a.res.headers.get('content-type') ?? '', () => a.url)
        } catch (error) {
          throw a.fail(error)
        }
      },
      { policy: this.policy, idempotent: spec.idempotent, signal, onRetry: this.options.onRetry },
    )
  }

  /**
   * Stream a JSON-lines body. The request is retried until the first value arrives; after that
   * an error ends the iteration (rows already yielded cannot be taken back).
   */
  async *lines(spec: RequestSpec): AsyncGenerator<{ value: unknown; url: () => string }> {
    const signal = this.signalFor(spec)
    const opened = await withRetry(
      async () => {
        const a = await this.open(spec, signal)
        const body = a.res.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() })
        const it = parseJsonLines(body, a.touch)
        try {
          const first = await it.next()
          return { a, it, first }
        } catch (error) {
          a.close()
          await it.return(undefined).catch(() => {})
          throw a.fail(error)
        }
      },
      { policy: this.policy, idempotent: spec.idempotent, signal, onRetry: this.options.onRetry },
    )
    const { a, it } = opened
    const url = (): string => a.url
    try {
      let r = opened.first
      while (!r.done) {
        // rows already in the decoded chunk must not outlive an abort
        if (signal?.aborted) throw a.fail(undefined)
        // the consumer may take as long as it likes over a row: only waits on the server time out
        // (and no timer is left running while the generator is suspended or abandoned)
        a.pause()
        yield { value: r.value, url }
        a.touch()
        try {
          r = await it.next()
        } catch (error) {
          throw a.fail(error)
        }
      }
    } finally {
      a.close()
      await it.return(undefined).catch(() => {})
    }
  }

  /**
   * Apply the validation mode to a check result. 'strict' throws ValidationError; 'warn' reports it
   * to onWarning and returns the value as sent (the fields that parse are typed, the others are
   * named in the report); 'off' returns the value unchecked. A value that cannot be used at all
   * (metadata that is not an object) throws in 'warn' mode too. A value that passes is returned
   * as is, synchronously; one that does not waits for zod (loaded then, for the report).
   */
  validate<T>(
    check: (v: unknown) => CheckResult<T>,
    raw: unknown,
    what: string,
    url: () => string,
  ): T | Promise<T> {
    if (this.validation === 'off') return raw as T
    const result = check(raw)
    if (result.success) return result.data
    return this.invalid(result, raw, what, url)
  }

  private async invalid<T>(
    result: CheckFailure<T>,
    raw: unknown,
    what: string,
    url: () => string,
  ): Promise<T> {
    const schemas = await loadSchemas()
    const { fields } = result
    let error: ReturnType<typeof schemas.zodError> | undefined
    const zodError = () => {
      error ??= schemas.zodError(result.schema(schemas), raw, fields)
      return error
    }
    const shown = fields.slice(0, 3).map(formatFieldIssue).join('; ')
    const more = fields.length > 3 ? ` (and ${fields.length - 3} more)` : ''
    const report = new ValidationError(
      `Unexpected ${what} from ${url()}: ${shown}${more}`,
      () => zodError().issues,
      () => schemas.prettifyIssues(zodError()),
      { url: url(), fields, value: result.data ?? raw },
    )
    if (this.validation === 'strict' || result.fatal) throw report
    if (this.options.onWarning) this.options.onWarning(report)
    else console.warn(report.message)
    return (result.data ?? raw) as T
  }
}
