/** GET /healthz and GET /openapi.json. */
import { etagOf, ifNoneMatch } from '../etag.ts'
import { buildOpenApi } from '../openapi.ts'
import { finish, JSON_TYPE } from '../respond.ts'
import { scrub } from '../security/secrets.ts'
import type { AppState, Routes } from '../state.ts'

/** Registers the meta routes. */
export function metaRoutes(routes: Routes, state: AppState): void {
  const doc = scrub(JSON.stringify(buildOpenApi(state.config)), state.secrets)
  const docEtag = etagOf(doc)

  routes.get('/healthz', (c) => {
    const lru = state.resolver.parts.lru
    const body = JSON.stringify({ status: 'ok', cache: { entries: lru.size, bytes: lru.bytes } })
    return finish(c, state, body, 200, { 'content-type': JSON_TYPE, 'cache-control': 'no-store' })
  })

  routes.get('/openapi.json', (c) => {
    c.set('xcache', 'HIT')
    const headers: Record<string, string> = {
      'content-type': JSON_TYPE,
      'cache-control': 'public, max-age=3600',
      etag: docEtag,
    }
    if (ifNoneMatch(c.req.header('if-none-match'), docEtag))
      return finish(c, state, null, 304, headers)
    return finish(c, state, doc, 200, headers)
  })
}
