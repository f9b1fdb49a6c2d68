import { Hono } from 'hono'
import { accessOf, canRead, forbidden, unauthorized } from './auth.ts'
import type { AppEnv, Controls, Define, Deps, RouteAuth, RouteHandler } from './context.ts'
import { EmulatedResetError, isEmulatedReset, truncateBody } from './faults.ts'
import { notFound, parseError } from './http.ts'
import { controlRoutes } from './routes/control.ts'
import { jobqRoutes } from './routes/jobq.ts'
import { jobsRoutes } from './routes/jobs.ts'
import { projectsRoutes } from './routes/projects.ts'
import { spidersRoutes } from './routes/spiders.ts'
import { systemRoutes } from './routes/system.ts'

/** The control prefix; requests under it are neither counted nor faulted. */
export const CONTROL_PREFIX = '/__emulator'

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept',
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Builds the Hono app serving the storage + JobQ routes and the `/__emulator` controls. */
export function createApp(deps: Deps, controls: Controls): Hono<AppEnv> {
  const { faults, stats } = controls
  const app = new Hono<AppEnv>()

  app.use('*', async (c, next) => {
    const control = new URL(c.req.url).pathname.startsWith(CONTROL_PREFIX)
    try {
      if (c.req.method === 'OPTIONS') {
        c.set('route', 'unmatched')
        c.res = new Response(null, { status: 204 })
      } else await next()
    } catch (e) {
      if (!control) stats.record(c.get('route') ?? 'unmatched', 'reset')
      throw e
    }
    if (!control) stats.record(c.get('route') ?? 'unmatched', c.res.status)
    for (const [k, v] of Object.entries(CORS)) c.res.headers.set(k, v)
  })

  /** Runs the fault layer around a handler: latency, reset, error answer, truncation. */
  const withFaults = async (pathname: string, run: () => Promise<Response>): Promise<Response> => {
    const d = faults.decide(pathname)
    if (d.latencyMs > 0) await sleep(d.latencyMs)
    if (d.reset) throw new EmulatedResetError()
    if (d.error) return d.error
    const res = await run()
    return d.truncate ? truncateBody(res) : res
  }

  const define: Define = (method, path, handler: RouteHandler, auth: RouteAuth = 'project') => {
    const name = `${method} ${path}`
    // JobQ answered a missing key with pretty JSON, the other storage routes with plain text.
    const denied = path.startsWith('/jobq/') ? 'jobq' : 'storage'
    app.on(method, path, async (c) => {
      c.set('route', name)
      const url = new URL(c.req.url)
      return withFaults(url.pathname, async () => {
        const params = c.req.param() as Record<string, string>
        const req = c.req.raw
        if (auth === 'none')
          return handler({ req, url, params, project: 0, access: undefined, deps })
        const access = accessOf(req, url.searchParams, deps.keys, deps.store)
        if (access === undefined) return unauthorized(denied)
        if (auth === 'key') return handler({ req, url, params, project: 0, access, deps })
        const raw = params.project ?? ''
        if (!/^[1-9]\d{0,15}$/.test(raw)) return parseError(`invalid project id: ${raw}`)
        const project = Number(raw)
        if (!canRead(access, project)) return forbidden(project)
        return handler({ req, url, params, project, access, deps })
      })
    })
  }

  controlRoutes(app, controls)
  jobsRoutes(define)
  jobqRoutes(define)
  spidersRoutes(define)
  projectsRoutes(define)
  systemRoutes(define)

  app.notFound(async (c) => {
    c.set('route', 'unmatched')
    const { pathname } = new URL(c.req.url)
    if (pathname.startsWith(CONTROL_PREFIX)) return notFound()
    return withFaults(pathname, async () => notFound())
  })

  app.onError((err, c) => {
    if (isEmulatedReset(err)) throw err
    // A bug, not an expected answer: keep the server up and say what broke.
    console.error('emulator: unexpected error', err)
    return c.text('Internal Server Error\n', 500)
  })

  return app
}
