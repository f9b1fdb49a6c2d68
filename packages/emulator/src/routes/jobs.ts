import type { Define, RouteContext } from '../context.ts'
import { JSONLINES, json, parseError, parseJson, readBody, wantsJson, written } from '../http.ts'
import { counters } from '../jobq.ts'
import { setOwn, tsOf } from '../store.ts'
import { encodeJson } from '../wire.ts'

/** Fields the full GET never shows (`auth` is readable only through its field route). */
const HIDDEN = new Set(['auth'])

function jobKey(rc: RouteContext): string | undefined {
  const { spider, job } = rc.params
  if (!spider || !job || !/^[1-9]\d{0,15}$/.test(spider) || !/^[1-9]\d{0,15}$/.test(job))
    return undefined
  return `${rc.project}/${spider}/${job}`
}

function badKey(): Response {
  return parseError('invalid job key: expected /jobs/PROJECT/SPIDER/JOB with positive integers')
}

/** The job key and JSON body of a metadata POST, or the 400/413 answer. */
async function writeOf(rc: RouteContext): Promise<{ key: string; value: unknown } | Response> {
  const key = jobKey(rc)
  if (!key) return badKey()
  const body = await readBody(rc.req)
  if (body instanceof Response) return body
  const parsed = parseJson(body)
  if (parsed instanceof Response) return parsed
  return { key, value: parsed.value }
}

function fullMetadata(rc: RouteContext, key: string): Record<string, unknown> | undefined {
  const record = rc.deps.store.record(key)
  if (!record) return undefined
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(record.meta)) if (!HIDDEN.has(k)) setOwn(out, k, v)
  if (rc.url.searchParams.get('add_summary') === '1') {
    const ts = tsOf(record)
    Object.assign(out, { key, ts, elapsed: Math.max(0, rc.deps.now() - ts) }, counters(record.meta))
  }
  return out
}

/** Registers the metadata routes `/jobs/P/S/J[/FIELD]`. */
export function jobsRoutes(define: Define): void {
  define('GET', '/jobs/:project/:spider/:job', (rc) => {
    const key = jobKey(rc)
    if (!key) return badKey()
    const meta = fullMetadata(rc, key)
    if (wantsJson(rc.req, rc.url.searchParams)) return json(200, meta ? [meta] : [])
    return new Response(meta ? encodeJson(meta) : '', {
      status: 200,
      headers: { 'Content-Type': JSONLINES },
    })
  })

  define('GET', '/jobs/:project/:spider/:job/:field', (rc) => {
    const key = jobKey(rc)
    if (!key) return badKey()
    const meta = rc.deps.store.get(key)
    const field = rc.params.field ?? ''
    const value = meta && Object.hasOwn(meta, field) ? meta[field] : null
    return new Response(encodeJson(value, { scrapystats: field === 'scrapystats' }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    })
  })

  define('POST', '/jobs/:project/:spider/:job', async (rc) => {
    const write = await writeOf(rc)
    if (write instanceof Response) return write
    const { key, value } = write
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return parseError('expected a JSON object')
    rc.deps.store.merge(key, value as Record<string, unknown>)
    return written()
  })

  define('POST', '/jobs/:project/:spider/:job/:field', async (rc) => {
    const write = await writeOf(rc)
    if (write instanceof Response) return write
    rc.deps.store.merge(write.key, { [rc.params.field ?? '']: write.value })
    return written()
  })

  define('DELETE', '/jobs/:project/:spider/:job', (rc) => {
    const key = jobKey(rc)
    if (!key) return badKey()
    rc.deps.store.delete(key)
    return written()
  })

  define('DELETE', '/jobs/:project/:spider/:job/:field', (rc) => {
    const key = jobKey(rc)
    if (!key) return badKey()
    rc.deps.store.deleteField(key, rc.params.field ?? '')
    return written()
  })
}
