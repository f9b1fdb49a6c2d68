import type { Define, RouteContext } from '../context.ts'
import { JSONLINES, json, jsonLines, parseError, parseJson, readBody } from '../http.ts'
import {
  encodeRow,
  type ListFilters,
  matches,
  ParseError,
  parseFilters,
  rowOf,
  select,
} from '../jobq.ts'
import { cancelJob, pushJob, updateJob } from '../lifecycle.ts'
import { type JobRecord, parseKey, stateOf } from '../store.ts'

const SUMMARY_STATES = ['pending', 'running', 'finished'] as const
const ROWS_PER_CHUNK = 1000

function filtersOf(rc: RouteContext): ListFilters | Response {
  try {
    return parseFilters(rc.url.searchParams)
  } catch (e) {
    if (e instanceof ParseError) return parseError(e.message)
    throw e
  }
}

/** Encodes rows lazily: small results as one string, large ones streamed in chunks. */
function rowsResponse(rows: Iterator<JobRecord>, rc: RouteContext, jobmeta: string[]): Response {
  const asJson = rc.url.searchParams.get('format') === 'json'
  const now = rc.deps.now()
  const sep = asJson ? ', ' : '\n'
  let first = true
  const nextChunk = (): string | undefined => {
    const parts: string[] = []
    for (let i = 0; i < ROWS_PER_CHUNK; i++) {
      const n = rows.next()
      if (n.done) break
      parts.push(encodeRow(n.value, now, jobmeta))
    }
    if (!parts.length) return undefined
    const chunk = (first ? '' : sep) + parts.join(sep)
    first = false
    return chunk
  }
  const headers = { 'Content-Type': asJson ? 'application/json' : JSONLINES }
  const head = nextChunk()
  const more = head === undefined ? undefined : nextChunk()
  if (more === undefined) {
    const body = asJson ? `[${head ?? ''}]` : (head ?? '')
    return new Response(body, { status: 200, headers })
  }
  const encoder = new TextEncoder()
  const pending: (string | undefined)[] = [asJson ? `[${head}` : head, more]
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = pending.length ? pending.shift() : nextChunk()
      if (chunk === undefined) {
        if (asJson) controller.enqueue(encoder.encode(']'))
        controller.close()
        return
      }
      controller.enqueue(encoder.encode(chunk))
    },
  })
  return new Response(body, { status: 200, headers })
}

function countParam(rc: RouteContext, fallback: number): number | Response {
  const raw = rc.url.searchParams.get('count')
  if (raw === null || raw === '') return fallback
  if (!/^\d+$/.test(raw)) return parseError(`invalid value for count: ${raw}`)
  return Number(raw)
}

function summary(rc: RouteContext, spider: number | undefined): Response {
  const { state } = rc.params
  if (state !== undefined && !(SUMMARY_STATES as readonly string[]).includes(state))
    return parseError(`invalid state: ${state}`)
  if (spider !== undefined && Number.isNaN(spider))
    return parseError(`invalid spider id: ${rc.params.spider}`)
  const limit = countParam(rc, 5)
  if (limit instanceof Response) return limit
  const now = rc.deps.now()
  const states = state ? [state] : SUMMARY_STATES
  const jobs = rc.deps.store.list(rc.project)
  const out = states.map((name) => {
    let count = 0
    const rows: object[] = []
    for (const r of jobs) {
      if (stateOf(r) !== name || (spider !== undefined && r.spider !== spider)) continue
      count++
      if (rows.length < limit) rows.push(rowOf(r, now))
    }
    return { name, count, summary: rows }
  })
  return rc.url.searchParams.get('format') === 'json' ? json(200, out) : jsonLines(out)
}

function spiderIdParam(rc: RouteContext): number {
  const raw = rc.params.spider ?? ''
  return /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : Number.NaN
}

async function jsonLinesBody(rc: RouteContext): Promise<unknown[] | Response> {
  const body = await readBody(rc.req)
  if (body instanceof Response) return body
  const values: unknown[] = []
  for (const line of body.split('\n')) {
    if (!line.trim()) continue
    const parsed = parseJson(line)
    if (parsed instanceof Response) return parsed
    if (!parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value))
      return parseError('expected JSON objects, one per line')
    values.push(parsed.value)
  }
  return values
}

/** Registers the JobQ routes under `/jobq/P/...`. */
export function jobqRoutes(define: Define): void {
  define('GET', '/jobq/:project/list', (rc) => {
    const f = filtersOf(rc)
    if (f instanceof Response) return f
    return rowsResponse(select(rc.deps.store.list(rc.project), f), rc, f.jobmeta)
  })

  define('GET', '/jobq/:project/count', (rc) => {
    const f = filtersOf(rc)
    if (f instanceof Response) return f
    let n = 0
    for (const r of rc.deps.store.list(rc.project)) if (matches(r, f)) n++
    return json(200, n)
  })

  define('GET', '/jobq/:project/summary', (rc) => summary(rc, undefined))
  define('GET', '/jobq/:project/summary/:state', (rc) => summary(rc, undefined))
  define('GET', '/jobq/:project/:spider/summary', (rc) => summary(rc, spiderIdParam(rc)))
  define('GET', '/jobq/:project/:spider/summary/:state', (rc) => summary(rc, spiderIdParam(rc)))

  define('GET', '/jobq/:project/jobsummary', (rc) => {
    const now = rc.deps.now()
    const rows: object[] = []
    for (const key of rc.url.searchParams.getAll('key')) {
      const r = rc.deps.store.record(key)
      if (r?.queued && r.project === rc.project) rows.push(rowOf(r, now))
    }
    return rc.url.searchParams.get('format') === 'json' ? json(200, rows) : jsonLines(rows)
  })

  define('POST', '/jobq/:project/push', async (rc) => {
    const values = await jsonLinesBody(rc)
    if (values instanceof Response) return values
    if (!values.length) return parseError('expected a JSON object with a "spider" name')
    for (const v of values) {
      const spider = (v as Record<string, unknown>).spider
      if (typeof spider !== 'string' || !spider) return parseError('"spider" must be a name')
    }
    const out = values.map((v) => ({
      key: pushJob(rc.deps.store, rc.project, v as Record<string, unknown>, rc.deps.now()),
      auth: null,
    }))
    return jsonLines(out)
  })

  define('POST', '/jobq/:project/update', async (rc) => {
    const values = await jsonLinesBody(rc)
    if (values instanceof Response) return values
    const out: object[] = []
    for (const v of values) {
      const { key, state, ...extra } = v as Record<string, unknown>
      if (typeof key !== 'string' || parseKey(key)?.project !== rc.project)
        return parseError(`invalid job key for project ${rc.project}: ${String(key)}`)
      if (
        state !== undefined &&
        !['pending', 'running', 'finished', 'deleted'].includes(String(state))
      )
        return parseError(`invalid state: ${String(state)}`)
      const prev = updateJob(rc.deps.store, key, state as never, extra, rc.deps.now())
      if (prev) out.push({ key, prevstate: prev })
    }
    return jsonLines(out)
  })

  define('POST', '/jobq/:project/:spider/:job/cancel', (rc) => {
    const { spider, job } = rc.params
    const key = `${rc.project}/${spider}/${job}`
    if (!parseKey(key)) return parseError(`invalid job key: ${key}`)
    return json(200, { count: cancelJob(rc.deps.store, key, rc.deps.now()) ? 1 : 0 })
  })
}
