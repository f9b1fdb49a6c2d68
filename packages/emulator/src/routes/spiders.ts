import type { Define, RouteContext } from '../context.ts'
import { json, jsonLines, nonNegativeParam, parseError } from '../http.ts'
import { jobmetaOf, rowOf } from '../jobq.ts'
import { type JobRecord, type JobStore, stateOf } from '../store.ts'

const ID = /^[1-9]\d{0,15}$/

/**
 * The last finished job of each spider of a project (or of one spider), newest first. Which
 * state counts as "last" is not recorded: every recording shows finished jobs, so only finished
 * jobs count here.
 */
export function lastJobs(store: JobStore, project: number, spider?: number): JobRecord[] {
  const seen = new Set<number>()
  const out: JobRecord[] = []
  for (const r of store.list(project)) {
    if (seen.has(r.spider) || stateOf(r) !== 'finished') continue
    if (spider !== undefined && r.spider !== spider) continue
    seen.add(r.spider)
    out.push(r)
  }
  return out
}

function lastJobSummary(rc: RouteContext): Response {
  const rawSpider = rc.params.spider
  if (rawSpider !== undefined && !ID.test(rawSpider))
    return parseError(`invalid spider id: ${rawSpider}`)
  const count = nonNegativeParam(rc.url.searchParams, 'count', undefined)
  if (count instanceof Response) return count
  const start = nonNegativeParam(rc.url.searchParams, 'start', 0)
  if (start instanceof Response) return start
  let jobs = lastJobs(rc.deps.store, rc.project, rawSpider ? Number(rawSpider) : undefined)
  // `startafter` (a job key, as in the Python client's iter_last) resumes after that row
  const after = rc.url.searchParams.get('startafter')
  if (after) jobs = jobs.slice(jobs.findIndex((r) => r.key === after) + 1)
  jobs = jobs.slice(start, count === undefined ? undefined : start + count)
  const now = rc.deps.now()
  const jobmeta = jobmetaOf(rc.url.searchParams)
  return jsonLines(jobs.map((r) => rowOf(r, now, jobmeta)))
}

/** Registers `/spiders/P[/S]/lastjobsummary` and `/ids/P/spider/NAME` (spider name -> id). */
export function spidersRoutes(define: Define): void {
  define('GET', '/spiders/:project/lastjobsummary', lastJobSummary)
  define('GET', '/spiders/:project/:spider/lastjobsummary', lastJobSummary)

  define('GET', '/ids/:project/spider/:name', (rc) => {
    const name = rc.params.name ?? ''
    // `?create=1` (the Python client's test set-up uses it) assigns the next free id
    const create = rc.url.searchParams.get('create') === '1'
    return json(200, rc.deps.store.spiderId(rc.project, name, create) ?? null)
  })
}
