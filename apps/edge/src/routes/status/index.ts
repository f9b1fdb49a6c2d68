/**
 * GET /status/:project and /status/:project/:spider: public HTML status pages, server-rendered,
 * no scripts, cached like the JSON answers (the rendered page is kept per cache entry).
 */

import type { Context } from 'hono'
import { z } from 'zod'
import type { CacheEntry } from '../../cache/policy.ts'
import type { Resolved } from '../../cache/resolve.ts'
import { andThen, type MaybePromise } from '../../maybe.ts'
import { ID_PARAMS } from '../../openapi.ts'
import { sendCached, sendProblem } from '../../respond.ts'
import { JobQuery, StatusQuery } from '../../schemas.ts'
import type { AppState, EdgeEnv, Routes } from '../../state.ts'
import { checkQuery } from '../../validate.ts'
import { checkPublished } from '../published-ids.ts'
import { bothRuns, combined, lastRuns, recentRuns, spiderRuns } from './data.ts'
import { type PageMeta, renderProjectPage, renderSpiderPage, SPIDERS_PER_PAGE } from './pages.tsx'
import { spiderJobs, spiderStatuses } from './runs.ts'
import { loadPageCsp, pageCsp } from './style.ts'

/** HTML media type. */
export const HTML_TYPE = 'text/html; charset=utf-8'

// Rendered pages, kept per cache entry (and per variant) so that a cache hit renders nothing.
const rendered = new WeakMap<CacheEntry, Map<string, string>>()

function memoRender(first: CacheEntry, variant: string, render: () => string): string {
  let byVariant = rendered.get(first)
  if (byVariant === undefined) {
    byVariant = new Map()
    rendered.set(first, byVariant)
  }
  let html = byVariant.get(variant)
  if (html === undefined) {
    html = render()
    // the first entry may outlive several versions of the others: keep the newest few only
    if (byVariant.size >= 4) byVariant.delete(byVariant.keys().next().value!)
    byVariant.set(variant, html)
  }
  return html
}

function sendPage(c: Context<EdgeEnv>, state: AppState, r: Resolved, html: string, csp: string) {
  const res = sendCached(c, state, r, html, HTML_TYPE)
  res.headers.set('content-security-policy', csp)
  return res
}

/** Runs the handler once the page CSP (a hash of the stylesheet) is known in this isolate. */
function withCsp(handler: (csp: string) => MaybePromise<Response>): MaybePromise<Response> {
  const csp = pageCsp()
  return csp === undefined ? loadPageCsp().then(handler) : handler(csp)
}

/** Registers the status pages. */
export function statusRoutes(routes: Routes, state: AppState): void {
  routes.get(
    '/status/:project',
    (c) => {
      const ids = checkPublished(c, state, ['project'])
      if (ids instanceof Response) return ids
      const q = checkQuery(StatusQuery, c.get('query') ?? '')
      if (!q.ok) return sendProblem(c, state, q.problem)
      const project = ids[0]!
      const page = q.value.page === undefined ? 1 : Number(q.value.page)
      return withCsp((csp) =>
        andThen(bothRuns(lastRuns(c, state, project), recentRuns(c, state, project)), (both) => {
          if (both instanceof Response) return both
          const [last, recent] = both
          const r = combined(both)
          const meta: PageMeta = {
            project,
            asOf: r.entry.storedAt,
            staleIfError: r.stale === 'stale-if-error',
          }
          const variant = `${recent.entry.etag}@${recent.entry.storedAt}:${meta.staleIfError}:${page}`
          const html = memoRender(last.entry, variant, () =>
            renderProjectPage(meta, spiderStatuses(last.entry.value, recent.entry.value), page),
          )
          return sendPage(c, state, r, html, csp)
        }),
      )
    },
    () => ({
      summary:
        "HTML status page: each spider's last finished job (outcome, finish time, run time, items) and its recent outcomes",
      params: { project: ID_PARAMS.project },
      query: {
        schema: StatusQuery,
        descriptions: { page: `Page of spiders (1-based, ${SPIDERS_PER_PAGE} spiders a page)` },
      },
      ok: { description: 'HTML page (no scripts)', type: 'text/html', schema: z.string() },
    }),
  )

  routes.get(
    '/status/:project/:spider',
    (c) => {
      const ids = checkPublished(c, state, ['project', 'spider'])
      if (ids instanceof Response) return ids
      const q = checkQuery(JobQuery, c.get('query') ?? '')
      if (!q.ok) return sendProblem(c, state, q.problem)
      const [project, spider] = ids as [number, number]
      return withCsp((csp) =>
        andThen(spiderRuns(c, state, project, spider), (r) => {
          if (r instanceof Response) return r
          const meta: PageMeta = {
            project,
            asOf: r.entry.storedAt,
            staleIfError: r.stale === 'stale-if-error',
          }
          const html = memoRender(r.entry, String(meta.staleIfError), () => {
            const jobs = spiderJobs(r.entry.value, spider, Number.POSITIVE_INFINITY)
            const name = jobs.find((j) => j.name !== undefined)?.name
            return renderSpiderPage(meta, spider, name, jobs)
          })
          return sendPage(c, state, r, html, csp)
        }),
      )
    },
    () => ({
      summary: "HTML page of a spider's recent jobs, each linking to its public JSON",
      params: { project: ID_PARAMS.project, spider: ID_PARAMS.spider },
      ok: { description: 'HTML page (no scripts)', type: 'text/html', schema: z.string() },
    }),
  )
}
