import { encodeJson } from './wire.ts'

/** Largest request body the server accepts (1 MiB); larger ones get 413. */
export const MAX_BODY_BYTES = 1024 * 1024

/** Content type of JSON-lines bodies. */
export const JSONLINES = 'application/x-jsonlines'

/** A plain-text response. */
export function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers },
  })
}

/** A Python-style JSON response (`application/json`). */
export function json(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(encodeJson(value), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

/** A JSON-lines response: one encoded value per line, no trailing newline, empty when none. */
export function jsonLines(values: readonly unknown[]): Response {
  return new Response(values.map((v) => encodeJson(v)).join('\n'), {
    status: 200,
    headers: { 'Content-Type': JSONLINES },
  })
}

/** The empty 200 the storage service answers metadata writes with (recorded as `text/html`). */
export function written(): Response {
  return new Response(null, {
    status: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
  })
}

/** The server's 404 for unknown routes. */
export function notFound(): Response {
  return text(404, 'Not Found\n')
}

/** The server's 400 for input it cannot parse. */
export function parseError(detail: string): Response {
  return text(400, `Error parsing data, ${detail}`)
}

/** The server's 413 for bodies over 1 MiB. */
export function tooLarge(): Response {
  return text(413, `Error parsing data, value too large (limit ${MAX_BODY_BYTES} bytes)`)
}

/** Reads a request body as text, or returns a 413 response when it exceeds 1 MiB. */
export async function readBody(req: Request): Promise<string | Response> {
  const declared = Number(req.headers.get('content-length') ?? '')
  if (declared > MAX_BODY_BYTES) {
    await req.body?.cancel().catch(() => {})
    return tooLarge()
  }
  if (!req.body) return ''
  const reader = req.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {})
      return tooLarge()
    }
    chunks.push(value)
  }
  const all = new Uint8Array(size)
  let offset = 0
  for (const c of chunks) {
    all.set(c, offset)
    offset += c.byteLength
  }
  return new TextDecoder().decode(all)
}

/** Deepest nesting a JSON body may have (Python's json stops at its recursion limit of about 1000). */
export const MAX_JSON_DEPTH = 1000

/** Nesting depth of JSON text (brackets outside strings), counted without recursion. */
function jsonDepth(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92)
        i++ // backslash: skip the escaped character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 || c === 123) max = Math.max(max, ++depth)
    else if (c === 93 || c === 125) depth--
  }
  return max
}

/** Parses JSON, or returns a 400 response naming the problem (too deep a value is refused too). */
export function parseJson(body: string): { value: unknown } | Response {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch (e) {
    return parseError(e instanceof Error ? e.message : 'invalid JSON')
  }
  // stored values are written back recursively: a 100,000-deep one would answer 500 forever after
  if (jsonDepth(body) > MAX_JSON_DEPTH)
    return parseError(`maximum nesting depth (${MAX_JSON_DEPTH}) exceeded`)
  return { value }
}

/** A non-negative integer query parameter: `fallback` when absent, a 400 answer when malformed. */
export function nonNegativeParam<T extends number | undefined>(
  params: URLSearchParams,
  name: string,
  fallback: T,
): number | T | Response {
  const raw = params.get(name)
  if (raw === null || raw === '') return fallback
  if (!/^\d{1,15}$/.test(raw)) return parseError(`invalid value for ${name}: ${raw}`)
  return Number(raw)
}

/** True when the client asked for a JSON array rather than JSON lines. */
export function wantsJson(req: Request, params: URLSearchParams): boolean {
  if (params.get('format') === 'json') return true
  const accept = req.headers.get('accept') ?? ''
  return accept.includes('application/json') && !accept.includes('jsonlines')
}
