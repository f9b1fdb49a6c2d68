/**
 * GET /projects/:project/jobs?state=&spider=&tag=&count= : a public list of recent jobs from JobQ.
 * Upstream is asked only for the project's newest LIST_MAX_COUNT jobs in the chosen states; the
 * free-text filters (spider, tag) and count are applied here, so however many different values
 * clients send, a project costs at most one upstream call per state set per CACHE_TTL_LIST.
 */
import { type JobState, LISTED_STATES } from '@jobmeta/core'
import { jobListSchema } from '../answers.ts'
import { Refused } from '../cache/resolve.ts'
import { ID_PARAMS } from '../openapi.ts'
import { problem } from '../problem.ts'
import { JSON_TYPE, sendCached, sendFailure, sendProblem } from '../respond.ts'
import { IdParam, listQuery } from '../schemas.ts'
import { publicRow } from '../security/public-fields.ts'
import type { AppState, Routes } from '../state.ts'
import { UpstreamFailure } from '../upstream.ts'
import { checkParam, checkQuery } from '../validate.ts'
import { makeEntry } from './job-entry.ts'

/** Default number of jobs in a list. */
export const DEFAULT_LIST_COUNT = 20

// sorted, as a state set asked for is: the cache key of a list is the same however it is asked
const DEFAULT_STATES: JobState[] = [...LISTED_STATES].sort()

/** One cached JobQ row: its public view, and what the filters look at (never published as such). */
interface ListedRow {
  row: Record<string, unknown>
  spider: string | undefined
  tags: string[]
}

function listed(raw: Record<string, unknown>, fields: readonly string[]): ListedRow {
  const spider = Object.hasOwn(raw, 'spider') ? raw.spider : undefined
  const tags = Object.hasOwn(raw, 'tags') && Array.isArray(raw.tags) ? raw.tags : []
  return {
    row: publicRow(raw, fields),
    spider: typeof spider === 'string' ? spider : undefined,
    tags: tags.filter((t): t is string => typeof t === 'string'),
  }
}

/** Query parameters that may repeat. */
const REPEATABLE = ['state']

/** Registers the project job list route. */
export function projectRoutes(routes: Routes, state: AppState): void {
  const schema = listQuery(state.config.listMaxCount)
  routes.get(
    '/projects/:project/jobs',
    async (c) => {
      const p = checkParam(IdParam, 'project', c.req.param('project'))
      if (!p.ok) return sendProblem(c, state, p.problem)
      const q = checkQuery(schema, c.get('query') ?? '', REPEATABLE)
      if (!q.ok) return sendProblem(c, state, q.problem)
      const project = Number(p.value)
      if (!state.config.publicProjects.has(project)) {
        const np = problem('not-published', 'this project is not published by this worker', {
          parameter: 'project',
        })
        return sendProblem(c, state, np)
      }
      const states = q.value.state ? [...new Set(q.value.state)].sort() : DEFAULT_STATES
      const count = q.value.count
        ? Number(q.value.count)
        : Math.min(DEFAULT_LIST_COUNT, state.config.listMaxCount)
      const key = `list:${project}:${states.join(',')}`
      const load = async () => {
        const raw = await state.upstream.list(project, {
          state: states,
          count: state.config.listMaxCount,
        })
        for (const r of raw) state.newest.noteKey(r.key)
        const rows = raw.map((r) => listed(r, state.config.publicFields))
        return makeEntry(rows, state.config.cache.listTtl, state)
      }
      try {
        const r = await state.resolver.resolve(key, load, state.readOptions(c, 'jobq'))
        const { spider, tag } = q.value
        const jobs: Record<string, unknown>[] = []
        for (const l of r.entry.value as ListedRow[]) {
          if (jobs.length >= count) break
          if (spider !== undefined && l.spider !== spider) continue
          if (tag !== undefined && !l.tags.includes(tag)) continue
          jobs.push(l.row)
        }
        const body = JSON.stringify({ project, count: jobs.length, jobs })
        return sendCached(c, state, r, body, JSON_TYPE)
      } catch (e) {
        if (e instanceof UpstreamFailure || e instanceof Refused) return sendFailure(c, state, e)
        throw e
      }
    },
    () => ({
      summary: 'Recent jobs of a published project (JobQ)',
      params: { project: ID_PARAMS.project },
      query: {
        schema,
        repeatable: REPEATABLE,
        descriptions: {
          state: `Job states (repeatable or comma-separated; default ${LISTED_STATES.join(', ')})`,
          spider: `Only jobs of this spider (name), among the newest ${state.config.listMaxCount} in those states`,
          tag: `Only jobs with this tag, among the newest ${state.config.listMaxCount} in those states`,
          count: `How many jobs (default ${Math.min(DEFAULT_LIST_COUNT, state.config.listMaxCount)}, at most ${state.config.listMaxCount})`,
        },
      },
      ok: { description: 'Job list', type: 'application/json', schema: jobListSchema() },
    }),
  )
}
