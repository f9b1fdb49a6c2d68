/** GET /jobs/:project/:spider/:job and /jobs/:project/:spider/:job/:field. */
import { z } from 'zod'
import { publicJobSchema } from '../answers.ts'
import { IDENTITY_FIELDS } from '../config.ts'
import { andThen } from '../maybe.ts'
import { ID_PARAMS } from '../openapi.ts'
import { problem } from '../problem.ts'
import { JSON_TYPE, sendCached, sendProblem } from '../respond.ts'
import { FieldParam, JobQuery } from '../schemas.ts'
import { isPublicField } from '../security/public-fields.ts'
import type { AppState, Routes } from '../state.ts'
import { checkParam, checkQuery } from '../validate.ts'
import { BADGE_NAMES, badgeDoc, badgeHandler } from './badge.ts'
import { checkIds, jobEntry } from './job-entry.ts'

/** Registers the job route and the field route (which also answers badge.svg and badge.json). */
export function jobRoutes(routes: Routes, state: AppState): void {
  routes.get(
    '/jobs/:project/:spider/:job',
    (c) => {
      const ids = checkIds(c, state)
      if (ids instanceof Response) return ids
      const q = checkQuery(JobQuery, c.get('query') ?? '')
      if (!q.ok) return sendProblem(c, state, q.problem)
      return andThen(jobEntry(c, state, ids), (r) =>
        r instanceof Response ? r : sendCached(c, state, r, r.entry.body, JSON_TYPE),
      )
    },
    () => ({
      summary: 'Public metadata of a job',
      params: ID_PARAMS,
      ok: {
        description: 'The public job document',
        type: 'application/json',
        schema: publicJobSchema(),
        component: 'PublicJob',
      },
    }),
  )

  const badge = badgeHandler(state)
  routes.get(
    '/jobs/:project/:spider/:job/:field',
    (c) => {
      const field = c.req.param('field') ?? ''
      const kind = BADGE_NAMES[field]
      if (kind !== undefined && Object.hasOwn(BADGE_NAMES, field)) return badge(c, kind)
      const ids = checkIds(c, state)
      if (ids instanceof Response) return ids
      const f = checkParam(FieldParam, 'field', field)
      if (!f.ok) return sendProblem(c, state, f.problem)
      const q = checkQuery(JobQuery, c.get('query') ?? '')
      if (!q.ok) return sendProblem(c, state, q.problem)
      if (!isPublicField(f.value, state.config.publicFields)) {
        const p = problem('not-published', 'this field is not published by this worker', {
          parameter: 'field',
        })
        return sendProblem(c, state, p)
      }
      return andThen(jobEntry(c, state, ids), (r) => {
        if (r instanceof Response) return r
        const v = Object.hasOwn(r.entry.value, f.value) ? r.entry.value[f.value] : null
        return sendCached(c, state, r, JSON.stringify(v ?? null), JSON_TYPE)
      })
    },
    () => ({
      summary: 'One published field of a job (null when the job lacks it)',
      params: {
        ...ID_PARAMS,
        field: {
          schema: z.enum([...IDENTITY_FIELDS, ...state.config.publicFields]),
          description: 'A published field',
        },
      },
      ok: { description: 'The JSON value', type: 'application/json', schema: z.unknown() },
    }),
  )
  // answered by the field route's handler: the same ids, a fixed last segment
  routes.document(
    '/jobs/:project/:spider/:job/badge.svg',
    badgeDoc('svg', 'SVG status badge', ID_PARAMS),
  )
  routes.document(
    '/jobs/:project/:spider/:job/badge.json',
    badgeDoc('json', 'shields.io endpoint badge', ID_PARAMS),
  )
}
