/**
 * GET /projects/:project/spiders/:spider/badge.svg and /badge.json: the outcome and items of the
 * spider's newest finished job, as a CI badge shows a branch's latest build.
 */
import type { Context } from 'hono'
import { type Badge, badgeFor, OUTCOME_COLORS, renderSvg, shieldsJson } from '../badge/svg.ts'
import { andThen, type MaybePromise } from '../maybe.ts'
import { ID_PARAMS } from '../openapi.ts'
import { JSON_TYPE, sendCached, sendProblem } from '../respond.ts'
import { BadgeQuery } from '../schemas.ts'
import type { AppState, EdgeEnv, Routes } from '../state.ts'
import { checkQuery } from '../validate.ts'
import { badgeDoc, SVG_TYPE } from './badge.ts'
import { checkPublished } from './published-ids.ts'
import { lastRuns } from './status/data.ts'
import type { Run } from './status/runs.ts'

/** The badge of a spider's newest finished run (or a grey 'no finished job' badge). */
export function spiderBadge(run: Run | undefined, spider: number, label?: string): Badge {
  const fallback = label ?? `spider ${spider}`
  if (run === undefined) {
    return { label: fallback, message: 'no finished job', color: OUTCOME_COLORS.unknown }
  }
  // the same document shape as a job badge's, from the run's public values only
  const doc: Record<string, unknown> = { outcome: run.outcome, spider: run.name ?? fallback }
  if (run.state !== undefined) doc.state = run.state
  if (run.reason !== undefined) doc.close_reason = run.reason
  if (run.items !== undefined) doc.items = run.items
  return badgeFor(doc, label)
}

function handler(state: AppState, kind: 'svg' | 'json') {
  return (c: Context<EdgeEnv>): MaybePromise<Response> => {
    const ids = checkPublished(c, state, ['project', 'spider'])
    if (ids instanceof Response) return ids
    const q = checkQuery(BadgeQuery, c.get('query') ?? '')
    if (!q.ok) return sendProblem(c, state, q.problem)
    const [project, spider] = ids as [number, number]
    return andThen(lastRuns(c, state, project, spider), (r) => {
      if (r instanceof Response) return r
      const run = r.entry.value.find((x) => x.spider === spider && x.state === 'finished')
      const b = spiderBadge(run, spider, q.value.label)
      if (kind === 'svg') return sendCached(c, state, r, renderSvg(b), SVG_TYPE)
      return sendCached(c, state, r, JSON.stringify(shieldsJson(b, r.entry.ttl)), JSON_TYPE)
    })
  }
}

/** Registers the spider badges. */
export function spiderBadgeRoutes(routes: Routes, state: AppState): void {
  const params = { project: ID_PARAMS.project, spider: ID_PARAMS.spider }
  routes.get(
    '/projects/:project/spiders/:spider/badge.svg',
    handler(state, 'svg'),
    badgeDoc('svg', "SVG badge of the spider's newest finished job (outcome and items)", params),
  )
  routes.get(
    '/projects/:project/spiders/:spider/badge.json',
    handler(state, 'json'),
    badgeDoc('json', "shields.io endpoint badge of the spider's newest finished job", params),
  )
}
