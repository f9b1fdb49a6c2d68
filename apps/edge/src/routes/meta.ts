/** GET /healthz and GET /openapi.json. */
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
      const body = scrub(JSON.stringify(buildOpenApi(state.config)), state.secrets)
      openApi = { body, etag: etagOf(body) }
    }
    return openApi
  }

  routes.get('/healthz', (c) => {
    const lru = state.resolver.parts.lru
    const body = JSON.stringify({ status: 'ok', cache: { entries: lru.size, bytes: lru.bytes } })
    return finish(c, state, body, 200, { 'content-type': JSON_TYPE, 'cache-control': 'no-store' })
  })

  routes.get('/openapi.json', (c) => {
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
  })
}
