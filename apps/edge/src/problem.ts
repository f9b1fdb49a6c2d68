/** RFC 9457 problem documents, the body of every error answer. */

/** A JSON problem document. */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  [extra: string]: unknown
}

/** Media type of problem documents. */
export const PROBLEM_TYPE = 'application/problem+json'

/** The problem kinds this worker answers with, by slug. */
export const PROBLEMS = {
  'invalid-parameter': { status: 400, title: 'Invalid parameter' },
  'unknown-parameter': { status: 400, title: 'Unknown query parameter' },
  'invalid-path': { status: 400, title: 'Invalid path' },
  'not-found': { status: 404, title: 'Not found' },
  'not-published': { status: 404, title: 'Not published' },
  'job-not-found': { status: 404, title: 'Job not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'payload-too-large': { status: 413, title: 'Request body not accepted' },
  'uri-too-long': { status: 414, title: 'URI too long' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'headers-too-large': { status: 431, title: 'Request headers too large' },
  misconfigured: { status: 500, title: 'Worker misconfigured' },
  internal: { status: 500, title: 'Internal error' },
  'upstream-misconfigured': { status: 502, title: 'Worker misconfigured' },
  'upstream-error': { status: 502, title: 'Bad gateway' },
  'upstream-unavailable': { status: 503, title: 'Upstream unavailable' },
  // answered without an upstream call: a back-off window is open, or every upstream slot is taken
  'upstream-backoff': { status: 503, title: 'Upstream unavailable' },
  'upstream-busy': { status: 503, title: 'Too many upstream requests' },
  'upstream-timeout': { status: 504, title: 'Upstream timeout' },
} as const

/** A problem kind. */
export type ProblemKind = keyof typeof PROBLEMS

/** Builds a problem document of a known kind. */
export function problem(
  kind: ProblemKind,
  detail: string,
  extra?: Record<string, unknown>,
): Problem {
  const { status, title } = PROBLEMS[kind]
  return { type: `urn:jobmeta:problem:${kind}`, title, status, detail, ...extra }
}

/** A problem as a bare Response, for answers made outside the app (no-store unless `headers` say otherwise). */
export function problemResponse(p: Problem, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(p), {
    status: p.status,
    headers: { 'content-type': PROBLEM_TYPE, 'cache-control': 'no-store', ...headers },
  })
}
