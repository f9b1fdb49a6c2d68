/** GET /projects/:project/jobs?state=&spider=&tag=&count= : a public list of recent jobs from JobQ. */
import { problem } from '../problem.ts'
import { JSON_TYPE, sendCached, sendFailure, sendProblem } from '../respond.ts'
import { IdParam, listQuery } from '../schemas.ts'
import { publicRow } from '../security/public-fields.ts'
import type { AppState, Routes } from '../state.ts'
import { type ListQuery, UpstreamFailure } from '../upstream.ts'
import { checkParam, checkQuery } from '../validate.ts'
import { makeEntry } from './job-entry.ts'

/** Default number of jobs in a list. */
export const DEFAULT_LIST_COUNT = 20

/** Registers the project job list route. */
export function projectRoutes(routes: Routes, state: AppState): void {
  const schema = listQuery(state.config.listMaxCount)
  routes.get('/projects/:project/jobs', async (c) => {
    const p = checkParam(IdParam, 'project', c.req.param('project'))
    if (!p.ok) return sendProblem(c, state, p.problem)
    const q = checkQuery(schema, c.get('query') ?? '', ['state'])
    if (!q.ok) return sendProblem(c, state, q.problem)
    const project = Number(p.value)
    if (!state.config.publicProjects.has(project)) {
      return sendProblem(
        c,
        state,
        problem('not-published', `project ${project} is not published by this worker`),
      )
    }
    const filters: ListQuery = {
      state: q.value.state
        ? [...new Set(q.value.state)].sort()
        : ['finished', 'pending', 'running'],
      count: q.value.count
        ? Number(q.value.count)
        : Math.min(DEFAULT_LIST_COUNT, state.config.listMaxCount),
      ...(q.value.spider === undefined ? {} : { spider: q.value.spider }),
      ...(q.value.tag === undefined ? {} : { tag: q.value.tag }),
    }
    const key = `list:${project}:${JSON.stringify(filters)}`
    const load = async () => {
      const rows = await state.upstream.list(project, filters)
      const jobs = rows.map((row) => publicRow(row, state.config.publicFields))
      return makeEntry({ project, count: jobs.length, jobs }, state.config.cache.listTtl, state)
    }
    try {
      const r = await state.resolver.resolve(key, load, state.waitUntil(c))
      return sendCached(c, state, r, r.entry.body, JSON_TYPE)
    } catch (e) {
      if (e instanceof UpstreamFailure) return sendFailure(c, state, e, `project ${project} list`)
      throw e
    }
  })
}
