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

// decode() without { stream: true } keeps no state between calls, so one decoder serves all
const utf8 = new TextDecoder()

/**
 * Read a body as UTF-8 text (avoids workerd's warning about .text() on non-text content types).
 * `bytes()` where the Response has it: `arrayBuffer()` copies the body into a new buffer.
 */
async function bodyText(res: Response): Promise<string> {
  const r = res as Response & { bytes?: () => Promise<Uint8Array> }
  return utf8.decode(typeof r.bytes === 'function' ? await r.bytes() : await res.arrayBuffer())
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

// what encodeURIComponent leaves, plus the separators a path is built with; no leading slash, no
// dot segment (new URL would resolve one)
const SAFE_PATH = /^(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))[\w\-.!~*'()%/]*$/

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

/**
 * One attempt of a request: its timeout (restarted on each chunk of a streamed body), the caller's
 * signal wired to its own, and the wording of its failures. A class rather than closures: it is
 * made for every request.
 */
class Attempt {
  /** The response, once the status line and headers are in. */
  res!: Response
  readonly #ac = new AbortController()
  #timer: ReturnType<typeof setTimeout> | undefined
  #timedOut = false
  #shown: string | undefined

  constructor(
    readonly transport: Transport,
    readonly method: string,
    /** The URL sent, credentials included (never shown). */
    readonly fullUrl: string,
    readonly signal: AbortSignal | undefined,
  ) {}

  /** The URL without credentials, for errors and messages (redacted once, on demand). */
  get url(): string {
    this.#shown ??= this.transport.redact(this.fullUrl)
    return this.#shown
  }

  /** Starts the timeout and follows the caller's signal; the signal to give fetch. */
  start(): AbortSignal {
    this.signal?.addEventListener('abort', this)
    this.touch()
    return this.#ac.signal
  }

  /** The caller's signal fired (EventListener interface: no closure per request). */
  handleEvent(): void {
    this.#ac.abort()
  }

  /** Restarts the timeout. */
  touch(): void {
    clearTimeout(this.#timer)
    this.#timer = setTimeout(expire, this.transport.timeoutMs, this)
  }

  /** Stops the timeout while the caller, not the server, holds things up. */
  pause(): void {
    clearTimeout(this.#timer)
  }

  /** The timeout fired. */
  expire(): void {
    this.#timedOut = true
    this.#ac.abort()
  }

  /** Stops the timeout and stops following the caller's signal. */
  close(): void {
    clearTimeout(this.#timer)
    this.signal?.removeEventListener('abort', this)
  }

  /** The error to throw for what went wrong in this attempt. */
  fail(error: unknown): JobmetaError {
    const what = `${this.method} ${this.url}`
    if (this.signal?.aborted) return new AbortedError(`${what} aborted`, { url: this.url })
    if (this.#timedOut) {
      return new TimeoutError(`${what} timed out after ${this.transport.timeoutMs} ms`, {
        url: this.url,
      })
    }
    if (error instanceof JobmetaError) return error
    if (error instanceof LineTooLongError) {
      return new JobmetaError(`${what}: ${error.message}`, { url: this.url })
    }
    if (error instanceof TruncatedLineError || error instanceof SyntaxError) {
      return new NetworkError(`${what}: response body cut short or not JSON`, { url: this.url })
    }
    // fetch rejects with a TypeError ("fetch failed") whose cause names the socket error
    const detail =
      error instanceof Error
        ? [error.message, (error.cause as Error | undefined)?.message]
        : [String(error)]
    const reason = this.transport.redact(detail.filter(Boolean).join(': ')) || 'network error'
    return new NetworkError(`${what} failed: ${reason}`, { url: this.url })
  }
}

function expire(a: Attempt): void {
  a.expire()
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
    const base = spec.base === 'jobq' ? this.jobqUrl : this.storageUrl
    let search: URLSearchParams | undefined
    for (const k in spec.query) {
      const v = spec.query[k]
      if (v === undefined) continue
      search ??= new URLSearchParams()
      for (const item of Array.isArray(v) ? v : [v]) search.append(k, String(item))
    }
    if (this.queryAuth) {
      search ??= new URLSearchParams()
      search.set('apikey', this.queryAuth)
    }
    // A path of URL-safe characters needs no parsing (fetch parses the URL anyway): joined to the
    // base it reads as new URL(path, base) would write it. Anything else goes through the parser.
    if (SAFE_PATH.test(spec.path)) {
      return search === undefined ? base + spec.path : `${base}${spec.path}?${search}`
    }
    const u = new URL(spec.path, base)
    if (search !== undefined) u.search = search.toString()
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
    const client = this.options.signal
    if (client === undefined || spec.signal === undefined) return client ?? spec.signal
    return anySignal([client, spec.signal])
  }

  /** One attempt: send, and turn error statuses into typed errors. The caller reads the body. */
  private async open(spec: RequestSpec, signal: AbortSignal | undefined): Promise<Attempt> {
    const a = new Attempt(this, spec.method, this.url(spec), signal)
    if (signal?.aborted) throw a.fail(undefined)
    const init: RequestInit = { method: spec.method, headers: this.headers, signal: a.start() }
    if (spec.body !== undefined) {
      init.body = spec.body
      init.headers = this.bodyHeaders
    }
    let res: Response
    try {
      res = await this.fetch(a.fullUrl, init)
    } catch (error) {
      a.close()
      throw a.fail(error)
    }
    if (res.status >= 400) {
      let body = ''
      try {
        body = await bodyPrefix(res, MAX_ERROR_BODY_BYTES)
      } catch {
        // the error status is what matters; a broken error body is not
      }
      a.close()
      throw errorFromResponse({
        status: res.status,
        statusText: res.statusText,
        body,
        contentType: res.headers.get('content-type') ?? '',
        retryAfter: res.headers.get('retry-after'),
        url: a.fullUrl,
        method: spec.method,
        secrets: this.secrets,
      })
    }
    a.res = res
    return a
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
        const it = parseJsonLines(body, () => a.touch())
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
