/** Secure response headers and CORS for a read-only public API (GET and HEAD only). */

/** Methods this worker answers. */
export const ALLOWED_METHODS = 'GET, HEAD, OPTIONS'

const SECURE: [string, string][] = [
  ['x-content-type-options', 'nosniff'],
  ['content-security-policy', "default-src 'none'; frame-ancestors 'none'; sandbox"],
  ['referrer-policy', 'no-referrer'],
  // badges and JSON are meant to be embedded and fetched from other sites
  ['cross-origin-resource-policy', 'cross-origin'],
  ['x-frame-options', 'DENY'],
  ['strict-transport-security', 'max-age=31536000; includeSubDomains'],
]

const EXPOSE = 'ETag, X-Cache, Server-Timing, Age, Retry-After'

/** Adds the secure headers to a response's headers. */
export function applySecureHeaders(h: Headers): void {
  for (const [k, v] of SECURE) h.set(k, v)
}

/** The Access-Control-Allow-Origin value for a request origin, or undefined when not allowed. */
export function allowedOrigin(
  origin: string | undefined,
  allowed: '*' | readonly string[],
): string | undefined {
  if (allowed === '*') return '*'
  if (origin === undefined) return undefined
  return allowed.includes(origin) ? origin : undefined
}

/** Adds CORS headers for a simple (GET/HEAD) request. */
export function applyCors(
  h: Headers,
  origin: string | undefined,
  allowed: '*' | readonly string[],
): void {
  const allow = allowedOrigin(origin, allowed)
  if (allowed !== '*') h.append('vary', 'Origin')
  if (allow === undefined) return
  h.set('access-control-allow-origin', allow)
  h.set('access-control-expose-headers', EXPOSE)
}

/** Adds the headers of a preflight answer (GET/HEAD, no credentials). */
export function applyPreflight(
  h: Headers,
  origin: string | undefined,
  allowed: '*' | readonly string[],
): void {
  applyCors(h, origin, allowed)
  if (allowedOrigin(origin, allowed) === undefined) return
  h.set('access-control-allow-methods', 'GET, HEAD')
  h.set('access-control-allow-headers', 'If-None-Match')
  h.set('access-control-max-age', '86400')
}

const SECURE_HEADERS: Readonly<Record<string, string>> = Object.fromEntries(SECURE)

function corsHeaders(allow: string | undefined, varies: boolean): Record<string, string> {
  const vary: Record<string, string> = varies ? { vary: 'Origin' } : {}
  if (allow === undefined) return vary
  return { ...vary, 'access-control-allow-origin': allow, 'access-control-expose-headers': EXPOSE }
}

const ANY_ORIGIN = Object.freeze({ ...SECURE_HEADERS, ...corsHeaders('*', false) })
const byList = new WeakMap<
  readonly string[],
  Map<string | undefined, Readonly<Record<string, string>>>
>()

/**
 * The secure headers plus the CORS headers of a simple request, as one read-only record, made once
 * per allowed origin (so it never grows with what clients send).
 */
export function envelopeHeaders(
  origin: string | undefined,
  allowed: '*' | readonly string[],
): Readonly<Record<string, string>> {
  if (allowed === '*') return ANY_ORIGIN
  let memo = byList.get(allowed)
  if (memo === undefined) {
    memo = new Map()
    byList.set(allowed, memo)
  }
  const allow = allowedOrigin(origin, allowed)
  let h = memo.get(allow)
  if (h === undefined) {
    h = Object.freeze({ ...SECURE_HEADERS, ...corsHeaders(allow, true) })
    memo.set(allow, h)
  }
  return h
}
