import { text } from './http.ts'

/** Faults to inject into matching requests (see README: test-only). */
export interface FaultOptions {
  /** Added delay before answering, in ms. */
  latencyMs?: number
  /** 0..1 share of requests answered with `status` (default 503). */
  errorRate?: number
  /** 503 | 504 -> the front proxy's HTML page; 429 -> with Retry-After; others plain text. */
  status?: number
  /** Seconds, for 429 (and 503 if set). */
  retryAfter?: number
  /** 0..1 share of requests whose connection is dropped. */
  resetRate?: number
  /** 0..1 share of 200 bodies cut short. */
  truncateRate?: number
  /** Apply faults to the next N matching requests only, then clear (default: unlimited). */
  times?: number
  /** Only requests whose pathname starts with this prefix (default: all). */
  match?: string
}

/** Thrown out of `app.fetch` for an injected connection reset; looks like a failed fetch. */
export class EmulatedResetError extends TypeError {
  constructor() {
    super('fetch failed', { cause: new Error('read ECONNRESET (emulated connection reset)') })
    this.name = 'TypeError'
  }
}

/** True for the error an injected reset throws. */
export function isEmulatedReset(e: unknown): e is EmulatedResetError {
  return e instanceof EmulatedResetError
}

const PROXY_PAGES: Record<number, string> = {
  502: '<html><body><h1>502 Bad Gateway</h1>\nThe server returned an invalid or incomplete response.\n</body></html>\n',
  503: '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n',
  504: "<html><body><h1>504 Gateway Time-out</h1>\nThe server didn't respond in time.\n</body></html>\n",
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/** The response an injected error fault gives for `status`. */
export function faultResponse(status: number, retryAfter?: number): Response {
  const headers: Record<string, string> = {}
  if (retryAfter !== undefined && (status === 429 || status === 503))
    headers['Retry-After'] = String(retryAfter)
  const page = PROXY_PAGES[status]
  if (page) {
    return new Response(page, {
      status,
      headers: { 'Content-Type': 'text/html', 'Cache-Control': 'no-cache', ...headers },
    })
  }
  if (status === 429 && headers['Retry-After'] === undefined) headers['Retry-After'] = '1'
  return text(status, `${status} ${REASONS[status] ?? 'Error'}\n`, headers)
}

/** Checks a FaultOptions value (from JSON); returns an error message or undefined. */
export function validateFaults(f: unknown): string | undefined {
  if (!f || typeof f !== 'object' || Array.isArray(f)) return 'faults must be a JSON object'
  const o = f as Record<string, unknown>
  const num = (k: string, min: number, max: number) => {
    const v = o[k]
    if (v === undefined) return undefined
    return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max
      ? undefined
      : `${k} must be a number in [${min}, ${max}]`
  }
  for (const k of Object.keys(o)) {
    if (
      ![
        'latencyMs',
        'errorRate',
        'status',
        'retryAfter',
        'resetRate',
        'truncateRate',
        'times',
        'match',
      ].includes(k)
    )
      return `unknown fault option ${k}`
  }
  if (o.match !== undefined && typeof o.match !== 'string') return 'match must be a string'
  return (
    num('latencyMs', 0, 600_000) ??
    num('errorRate', 0, 1) ??
    num('status', 400, 599) ??
    num('retryAfter', 0, 86_400) ??
    num('resetRate', 0, 1) ??
    num('truncateRate', 0, 1) ??
    num('times', 0, Number.MAX_SAFE_INTEGER)
  )
}

/** What the fault layer decided for one request. */
export interface FaultDecision {
  latencyMs: number
  reset: boolean
  error: Response | undefined
  truncate: boolean
}

const NONE: FaultDecision = { latencyMs: 0, reset: false, error: undefined, truncate: false }

/** Holds the current faults of one emulator and decides, per request, which ones apply. */
export class FaultController {
  #faults: FaultOptions | undefined
  #left = Number.POSITIVE_INFINITY
  readonly #random: () => number

  /** `random` draws the shares; inject a seeded one for reproducible tests. */
  constructor(random: () => number) {
    this.#random = random
  }

  /** Replaces the current faults; `{}` clears them. */
  set(f: FaultOptions): void {
    const active = Object.entries(f).some(([k, v]) => v !== undefined && k !== 'match')
    this.#faults = active ? { ...f } : undefined
    this.#left = f.times ?? Number.POSITIVE_INFINITY
    if (this.#left <= 0) this.#faults = undefined
  }

  /** Removes all faults. */
  clear(): void {
    this.#faults = undefined
    this.#left = Number.POSITIVE_INFINITY
  }

  /** The current faults, if any. */
  current(): FaultOptions | undefined {
    return this.#faults ? { ...this.#faults } : undefined
  }

  /** Decides the faults for a request to `pathname` (consumes one of `times`). */
  decide(pathname: string): FaultDecision {
    const f = this.#faults
    if (!f) return NONE
    if (f.match !== undefined && !pathname.startsWith(f.match)) return NONE
    this.#left--
    if (this.#left <= 0) this.#faults = undefined
    const reset = (f.resetRate ?? 0) > 0 && this.#random() < (f.resetRate ?? 0)
    const errorShare = f.errorRate ?? (f.status !== undefined ? 1 : 0)
    const error =
      !reset && errorShare > 0 && this.#random() < errorShare
        ? faultResponse(f.status ?? 503, f.retryAfter)
        : undefined
    const truncate =
      !reset && !error && (f.truncateRate ?? 0) > 0 && this.#random() < (f.truncateRate ?? 0)
    return { latencyMs: f.latencyMs ?? 0, reset, error, truncate }
  }
}

/** What a truncated response really sends, so a Node server can write it and drop the socket. */
export const truncatedParts: WeakMap<Response, { head: Uint8Array; declaredLength: number }> =
  new WeakMap()

/** Cuts a 200 body short: the declared length stays whole, the stream errors half-way. */
export async function truncateBody(res: Response): Promise<Response> {
  if (res.status !== 200 || !res.body) return res
  const reader = res.body.getReader()
  const first = await reader.read()
  if (first.done || first.value.byteLength === 0) {
    return res.headers.get('content-length') ? res : new Response(null, res)
  }
  const chunk = first.value
  const contentLength = res.headers.get('content-length')
  void reader.cancel().catch(() => {})
  const half = chunk.subarray(0, Math.max(1, Math.floor(chunk.byteLength / 2)))
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(half)
    },
    pull(controller) {
      controller.error(new TypeError('terminated: emulated truncated body'))
    },
  })
  const headers = new Headers(res.headers)
  // always declare more than is sent: a 1-byte body (a count of 0-9) is sent whole as its "half"
  const declaredLength = Math.max(Number(contentLength ?? chunk.byteLength), half.byteLength + 1)
  if (!contentLength) headers.set('Content-Length', String(declaredLength))
  const out = new Response(body, { status: res.status, headers })
  truncatedParts.set(out, { head: half, declaredLength })
  return out
}
