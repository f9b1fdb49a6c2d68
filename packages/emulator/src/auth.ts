import { json, text } from './http.ts'
import { type JobStore, parseKey } from './store.ts'

/** API key -> the projects it may read (`'*'` = every project). */
export type KeyMap = Record<string, number[] | '*'>

/** What a request's credentials allow: every project, a set of projects, or nothing (no valid key). */
export type Access = '*' | ReadonlySet<number> | undefined

function basicCredentials(req: Request): { user: string; pass: string } | undefined {
  const header = req.headers.get('authorization')
  const m = header ? /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header) : null
  if (!m) return undefined
  let decoded: string
  try {
    decoded = atob(m[1]!)
  } catch {
    return undefined
  }
  const colon = decoded.indexOf(':')
  return colon < 0
    ? { user: decoded, pass: '' }
    : { user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) }
}

/**
 * Resolves a request's credentials: an API key as Basic user or `?apikey=`, or a job token
 * (Basic user "P/S/J", password = that job's `auth`), which reads that job's project.
 */
export function accessOf(
  req: Request,
  params: URLSearchParams,
  keys: KeyMap,
  store: JobStore,
): Access {
  const candidates: string[] = []
  const basic = basicCredentials(req)
  if (basic) candidates.push(basic.user)
  for (const k of params.getAll('apikey')) candidates.push(k)
  for (const key of candidates) {
    const projects = Object.hasOwn(keys, key) ? keys[key] : undefined
    if (projects === '*') return '*'
    if (projects) return new Set(projects)
  }
  if (basic?.pass) {
    const ids = parseKey(basic.user)
    const jobAuth = ids ? store.get(basic.user)?.auth : undefined
    if (ids && typeof jobAuth === 'string' && jobAuth === basic.pass) return new Set([ids.project])
  }
  return undefined
}

/** True when `access` may read `project`. */
export function canRead(access: Access, project: number): boolean {
  return access === '*' || access?.has(project) === true
}

/** JobQ's 401 body as recorded: JSON pretty-printed over four lines, 58 bytes, no final newline. */
export const JOBQ_UNAUTHORIZED_BODY =
  '{\n  "error": "Unauthorized",\n  "message": "Unauthorized"\n}'

/**
 * The 401 answer for missing or wrong credentials: JobQ routes send the four-line JSON body,
 * the other storage routes the text `Unauthorized\n` (both with `WWW-Authenticate`).
 */
export function unauthorized(kind: 'jobq' | 'storage'): Response {
  const headers = { 'WWW-Authenticate': 'Basic realm="apikey"' }
  if (kind === 'storage') return text(401, 'Unauthorized\n', headers)
  return new Response(JOBQ_UNAUTHORIZED_BODY, {
    status: 401,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

/** The 403 answer for a project the key may not read (unverified against production). */
export function forbidden(project: number): Response {
  return json(403, { error: 'Forbidden', message: `Access to project ${project} is not allowed` })
}
