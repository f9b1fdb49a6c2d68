import type { Define, RouteContext } from '../context.ts'
import {
  JSONLINES,
  json,
  jsonLines,
  nonNegativeParam,
  parseError,
  parseJson,
  readBody,
} from '../http.ts'
import {
  encodeRow,
  jobmetaOf,
  type ListFilters,
  matches,
  ParseError,
  parseFilters,
  rowOf,
  select,
} from '../jobq.ts'
import {
  cancelJob,
  cancelJobs,
  pushJob,
  pushProblem,
  startNextJob,
  updateJob,
  updateSpider,
} from '../lifecycle.ts'
import { isJobState, type JobRecord, type JobState, parseKey, stateOf } from '../store.ts'
import { randomHex } from '../token.ts'

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

function summary(rc: RouteContext, spider: number | undefined): Response {
  const { state } = rc.params
  if (state !== undefined && !(SUMMARY_STATES as readonly string[]).includes(state))
    return parseError(`invalid state: ${state}`)
  if (spider !== undefined && Number.isNaN(spider))
    return parseError(`invalid spider id: ${rc.params.spider}`)
  const limit = nonNegativeParam(rc.url.searchParams, 'count', 5)
  if (limit instanceof Response) return limit
  const skip = nonNegativeParam(rc.url.searchParams, 'start', 0)
  if (skip instanceof Response) return skip
  const jobmeta = jobmetaOf(rc.url.searchParams)
  const now = rc.deps.now()
  const states = state ? [state] : SUMMARY_STATES
  const jobs = rc.deps.store.list(rc.project)
  const out = states.map((name) => {
    let count = 0
    const rows: object[] = []
    for (const r of jobs) {
      if (stateOf(r) !== name || (spider !== undefined && r.spider !== spider)) continue
      count++
      if (count > skip && rows.length < limit) rows.push(rowOf(r, now, jobmeta))
    }
    return { name, count, summary: rows }
  })
  return rc.url.searchParams.get('format') === 'json' ? json(200, out) : jsonLines(out)
}

function spiderIdParam(rc: RouteContext): number {
  const raw = rc.params.spider ?? ''
  return /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : Number.NaN
}

/** An update key: a job "P/S/J" or a whole spider "P/S" of the project, else undefined. */
function targetOf(key: string, project: number): { spider: number; job?: number } | undefined {
  const job = parseKey(key)
  if (job) return job.project === project ? job : undefined
  const m = /^([1-9]\d{0,15})\/([1-9]\d{0,15})$/.exec(key)
  return m && Number(m[1]) === project ? { spider: Number(m[2]) } : undefined
}

/** The keys of a bulk cancel body: a JSON array (or JSON lines) of `{"key": K}` objects. */
function cancelKeys(body: string): string[] | Response {
  const trimmed = body.trim()
  let values: unknown[] = []
  if (trimmed.startsWith('[')) {
    const parsed = parseJson(trimmed)
    if (parsed instanceof Response) return parsed
    values = parsed.value as unknown[]
  } else {
    for (const line of trimmed.split('\n')) {
      if (!line.trim()) continue
      const parsed = parseJson(line)
      if (parsed instanceof Response) return parsed
      values.push(parsed.value)
    }
  }
  const keys: string[] = []
  for (const v of values) {
    const key = v && typeof v === 'object' ? (v as Record<string, unknown>).key : undefined
    if (typeof key !== 'string') return parseError('expected [{"key": "P/S/J"}, ...]')
    keys.push(key)
  }
  return keys
}

async function jsonLinesBody(rc: RouteContext): Promise<Record<string, unknown>[] | Response> {
  const body = await readBody(rc.req)
  if (body instanceof Response) return body
  const values: Record<string, unknown>[] = []
  for (const line of body.split('\n')) {
    if (!line.trim()) continue
    const parsed = parseJson(line)
    if (parsed instanceof Response) return parsed
    if (!parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value))
      return parseError('expected JSON objects, one per line')
    values.push(parsed.value as Record<string, unknown>)
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
    const jobmeta = jobmetaOf(rc.url.searchParams)
    const rows: object[] = []
    for (const key of rc.url.searchParams.getAll('key')) {
      const r = rc.deps.store.record(key)
      if (r?.queued && r.project === rc.project) rows.push(rowOf(r, now, jobmeta))
    }
    return rc.url.searchParams.get('format') === 'json' ? json(200, rows) : jsonLines(rows)
  })

  define('POST', '/jobq/:project/push', async (rc) => {
    const values = await jsonLinesBody(rc)
    if (values instanceof Response) return values
    if (!values.length) return parseError('expected a JSON object with a "spider" name')
    for (const v of values) {
      const problem = pushProblem(v)
      if (problem) return parseError(problem)
    }
    const now = rc.deps.now()
    return jsonLines(values.map((v) => pushJob(rc.deps.store, rc.project, v, now)))
  })

  define('POST', '/jobq/:project/startjob', async (rc) => {
    const values = await jsonLinesBody(rc)
    if (values instanceof Response) return values
    const params = Object.assign({}, ...values) as Record<string, unknown>
    const worker = `kumo-${randomHex(2)}`
    const job = startNextJob(rc.deps.store, rc.project, params, rc.deps.now(), worker)
    // Nothing pending: unrecorded; an empty body is what the Python client's loop expects.
    if (!job)
      return new Response('', { status: 200, headers: { 'Content-Type': 'application/json' } })
    return json(200, job)
  })

  define('POST', '/jobq/:project/update', async (rc) => {
    const values = await jsonLinesBody(rc)
    if (values instanceof Response) return values
    const updates: { key: string; state: JobState | undefined; extra: Record<string, unknown> }[] =
      []
    for (const v of values) {
      const { key, state, ...extra } = v
      if (state !== undefined && !isJobState(state))
        return parseError(`invalid state: ${String(state)}`)
      if (typeof key !== 'string' || !targetOf(key, rc.project))
        return parseError(`invalid job or spider key for project ${rc.project}: ${String(key)}`)
      updates.push({ key, state, extra })
    }
    const now = rc.deps.now()
    const out: object[] = []
    for (const { key, state, extra } of updates) {
      const target = targetOf(key, rc.project)!
      if (target.job === undefined)
        out.push(...updateSpider(rc.deps.store, rc.project, target.spider, state, extra, now))
      else {
        const prev = updateJob(rc.deps.store, key, state, extra, now)
        if (prev) out.push({ key, prevstate: prev })
      }
    }
    return jsonLines(out)
  })

  define('POST', '/jobq/:project/cancel', async (rc) => {
    // Cancelling "the next N jobs" (`?count=N`) is documented as admin-only.
    if (rc.url.searchParams.has('count'))
      return json(403, { error: 'Forbidden', message: 'cancel by count needs admin access' })
    const body = await readBody(rc.req)
    if (body instanceof Response) return body
    const keys = cancelKeys(body)
    if (keys instanceof Response) return keys
    return json(200, { count: cancelJobs(rc.deps.store, rc.project, keys, rc.deps.now()) })
  })

  define('POST', '/jobq/:project/:spider/:job/cancel', (rc) => {
    const { spider, job } = rc.params
    const key = `${rc.project}/${spider}/${job}`
    if (!parseKey(key)) return parseError(`invalid job key: ${key}`)
    return json(200, { count: cancelJob(rc.deps.store, key, rc.deps.now()) ? 1 : 0 })
  })
}
