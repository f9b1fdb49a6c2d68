/** Ids in a route path that must name a published project (the status pages and spider badges). */
import type { Context } from 'hono'
import { problem } from '../problem.ts'
import { sendProblem } from '../respond.ts'
import { IdParam } from '../schemas.ts'
import type { AppState, EdgeEnv } from '../state.ts'
import { checkParam } from '../validate.ts'

/** Validated ids of a published project (and spider), or the problem answer. */
export function checkPublished(
  c: Context<EdgeEnv>,
  state: AppState,
  names: readonly ('project' | 'spider')[],
): number[] | Response {
  const ids: number[] = []
  for (const name of names) {
    const r = checkParam(IdParam, name, c.req.param(name))
    if (!r.ok) return sendProblem(c, state, r.problem)
    ids.push(Number(r.value))
  }
  if (!state.config.publicProjects.has(ids[0]!)) {
    const p = problem('not-published', 'this project is not published by this worker', {
      parameter: 'project',
    })
    return sendProblem(c, state, p)
  }
  return ids
}
