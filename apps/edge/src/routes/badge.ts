/** GET /jobs/:project/:spider/:job/badge.svg and /badge.json (shields.io endpoint). */
import type { Context } from 'hono'
import { z } from 'zod'
import { shieldsSchema } from '../answers.ts'
import { badgeFor, renderSvg, shieldsJson } from '../badge/svg.ts'
import { andThen, type MaybePromise } from '../maybe.ts'
import type { OperationDoc, ParamDoc, RouteDoc } from '../openapi.ts'
import { JSON_TYPE, sendCached, sendProblem } from '../respond.ts'
import { BadgeQuery } from '../schemas.ts'
import type { AppState, EdgeEnv } from '../state.ts'
import { checkQuery } from '../validate.ts'
import { checkIds, jobEntry } from './job-entry.ts'

/** SVG media type. */
export const SVG_TYPE = 'image/svg+xml; charset=utf-8'

/** The names under a job that are badges rather than fields. */
export const BADGE_NAMES: Record<string, 'svg' | 'json'> = {
  'badge.svg': 'svg',
  'badge.json': 'json',
}

/** The documentation of a badge route: an SVG image or a shields.io endpoint document. */
export function badgeDoc(
  kind: 'svg' | 'json',
  summary: string,
  params: Readonly<Record<string, ParamDoc>>,
): RouteDoc {
  return (): OperationDoc => ({
    summary,
    params,
    query: { schema: BadgeQuery, descriptions: { label: 'Left-hand text (default: spider name)' } },
    ok:
      kind === 'svg'
        ? { description: 'SVG image', type: 'image/svg+xml', schema: z.string() }
        : {
            description: 'shields.io endpoint document',
            type: 'application/json',
            schema: shieldsSchema(),
          },
  })
}

/**
 * The badge handler. The field route hands `badge.svg` and `badge.json` to it, so that no two
 * routes overlap and Hono can use its RegExpRouter.
 */
export function badgeHandler(
  state: AppState,
): (c: Context<EdgeEnv>, kind: 'svg' | 'json') => MaybePromise<Response> {
  return (c, kind) => {
    const ids = checkIds(c, state)
    if (ids instanceof Response) return ids
    const q = checkQuery(BadgeQuery, c.get('query') ?? '')
    if (!q.ok) return sendProblem(c, state, q.problem)
    return andThen(jobEntry(c, state, ids), (r) => {
      if (r instanceof Response) return r
      const b = badgeFor(r.entry.value, q.value.label)
      if (kind === 'svg') return sendCached(c, state, r, renderSvg(b), SVG_TYPE)
      return sendCached(c, state, r, JSON.stringify(shieldsJson(b, r.entry.ttl)), JSON_TYPE)
    })
  }
}
