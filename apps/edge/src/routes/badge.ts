/** GET /jobs/:project/:spider/:job/badge.svg and /badge.json (shields.io endpoint). */
import type { Context, Hono } from 'hono'
import { badgeFor, renderSvg, shieldsJson } from '../badge/svg.ts'
import { cacheControl } from '../cache/policy.ts'
import { problem } from '../problem.ts'
import { JSON_TYPE, noteCache, sendCached, sendProblem } from '../respond.ts'
import { BadgeQuery } from '../schemas.ts'
import type { AppState, EdgeEnv } from '../state.ts'
import { checkQuery } from '../validate.ts'
import { checkIds, jobEntry } from './job-entry.ts'

/** SVG media type. */
export const SVG_TYPE = 'image/svg+xml; charset=utf-8'

/** Registers the badge routes (before the field route, which would otherwise take them). */
export function badgeRoutes(app: Hono<EdgeEnv>, state: AppState): void {
  const handle = async (c: Context<EdgeEnv>, kind: 'svg' | 'json') => {
    const ids = checkIds(c, state)
    if (ids instanceof Response) return ids
    const q = checkQuery(BadgeQuery, new URL(c.req.url).search)
    if (!q.ok) return sendProblem(c, state, q.problem)
    const r = await jobEntry(c, state, ids)
    if (r instanceof Response) return r
    if (r.entry.value === null) {
      noteCache(c, r)
      return sendProblem(c, state, problem('job-not-found', `job ${ids.key} does not exist`), {
        'cache-control': cacheControl(r.entry.ttl, state.config.cache),
      })
    }
    const b = badgeFor(r.entry.value, q.value.label)
    if (kind === 'svg') return sendCached(c, state, r, renderSvg(b), SVG_TYPE)
    return sendCached(c, state, r, JSON.stringify(shieldsJson(b, r.entry.ttl)), JSON_TYPE)
  }
  app.get('/jobs/:project/:spider/:job/badge.svg', (c) => handle(c, 'svg'))
  app.get('/jobs/:project/:spider/:job/badge.json', (c) => handle(c, 'json'))
}
