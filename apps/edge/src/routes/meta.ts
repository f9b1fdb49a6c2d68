/** GET /healthz and GET /openapi.json. */
import { healthSchema } from '../answers.ts'
import { etagOf, ifNoneMatch } from '../etag.ts'
import { buildOpenApi } from '../openapi.ts'
import { finish, JSON_TYPE } from '../respond.ts'
import { scrub } from '../security/secrets.ts'
import type { AppState, Routes } from '../state.ts'

/** Registers the meta routes. */
export function metaRoutes(routes: Routes, state: AppState): void {
  // Built on the first request for it, not at start-up (a Worker isolate starts on a user's request).
  let openApi: { body: string; etag: string } | undefined
  const openApiDoc = () => {
    if (!openApi) {
      const body = scrub(JSON.stringify(buildOpenApi(routes.table)), state.secrets)
      openApi = { body, etag: etagOf(body) }
    }
    return openApi
  }

  routes.get(
    '/healthz',
    (c) => {
      const lru = state.resolver.parts.lru
      const body = JSON.stringify({ status: 'ok', cache: { entries: lru.size, bytes: lru.bytes } })
      return finish(c, state, body, 200, { 'content-type': JSON_TYPE, 'cache-control': 'no-store' })
    },
    () => ({
      summary: 'Liveness (no upstream call)',
      ok: { description: 'Healthy', type: 'application/json', schema: healthSchema() },
      cached: false,
    }),
  )

  routes.get(
    '/openapi.json',
    (c) => {
      c.set('xcache', 'HIT')
      const doc = openApiDoc()
      const headers: Record<string, string> = {
        'content-type': JSON_TYPE,
        'cache-control': 'public, max-age=3600',
        etag: doc.etag,
      }
      if (ifNoneMatch(c.req.header('if-none-match'), doc.etag))
        return finish(c, state, null, 304, headers)
      return finish(c, state, doc.body, 200, headers)
    },
    () => ({
      summary: 'This document',
      ok: { description: 'OpenAPI 3.1 document', type: 'application/json' },
      cached: false,
    }),
  )
}
