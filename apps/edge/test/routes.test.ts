import { describe, expect, it } from 'vitest'
import { DEFAULT_PUBLIC_FIELDS } from '../src/config.ts'
import { FINISHED_JOBS, leaksKey, PROJECT } from './fixtures.ts'
import { nodeHarness } from './node-harness.ts'
import { everyRoute } from './suite/security.ts'

const h = nodeHarness()

describe('routes (app.request against the emulator)', () => {
  it('GET /jobs/:project/:spider/:job answers the public document only', async () => {
    const r = await h.app().request(`/jobs/${PROJECT}/1/10`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const body = (await r.json()) as Record<string, unknown>
    expect(body).toEqual({
      key: `${PROJECT}/1/10`,
      project: PROJECT,
      spider_id: 1,
      job: 10,
      outcome: 'failed',
      spider: 'books',
      state: 'finished',
      pending_time: 1_700_000_010_000,
      running_time: 1_700_000_010_100,
      finished_time: 1_700_000_010_900,
      close_reason: 'failed',
      tags: ['nightly'],
      version: 'abc123-main',
      items: 10,
      requests: 20,
      errors: 1,
    })
    const text = JSON.stringify(body)
    for (const s of ['ARG-SECRET', 'ENV-SECRET', 'alice', 'kumo', 'DOWNLOAD_DELAY', 'scrapystats'])
      expect(text).not.toContain(s)
  })

  it('publishes what PUBLIC_FIELDS lists', async () => {
    const app = h.app({ PUBLIC_FIELDS: 'state,scheduled_by' })
    const body = (await (await app.request(`/jobs/${PROJECT}/1/11`)).json()) as Record<
      string,
      unknown
    >
    expect(Object.keys(body).sort()).toEqual([
      'job',
      'key',
      'outcome',
      'project',
      'scheduled_by',
      'spider_id',
      'state',
    ])
    expect((await app.request(`/jobs/${PROJECT}/1/11/scheduled_by`)).status).toBe(200)
    expect((await app.request(`/jobs/${PROJECT}/1/11/version`)).status).toBe(404)
  })

  it('GET .../:field answers one JSON value; a published field the job lacks is null', async () => {
    const app = h.app()
    const s = await app.request(`/jobs/${PROJECT}/1/12/state`)
    expect(s.status).toBe(200)
    expect(await s.text()).toBe('"finished"')
    expect(await (await app.request(`/jobs/${PROJECT}/1/12/tags`)).json()).toEqual(['nightly'])
    expect(await (await app.request(`/jobs/${PROJECT}/1/12/items`)).json()).toBe(12)
    expect(await (await app.request(`/jobs/${PROJECT}/1/12/outcome`)).json()).toBe('ok')
    expect(await (await app.request(`/jobs/${PROJECT}/2/1/close_reason`)).json()).toBeNull()
    const missing = await app.request(`/jobs/${PROJECT}/5/5/state`)
    expect(missing.status).toBe(404)
  })

  it('GET .../badge.svg draws an escaped SVG coloured by outcome; label overrides the spider', async () => {
    const app = h.app()
    const ok = await app.request(`/jobs/${PROJECT}/1/13/badge.svg`)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8')
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'none'")
    const svg = await ok.text()
    expect(svg).toContain('books: finished · 13 items')
    expect(svg).toContain('#1a7f37')
    const failed = await (
      await app.request(
        `/jobs/${PROJECT}/1/20/badge.svg?label=${encodeURIComponent('<nightly & co>')}`,
      )
    ).text()
    expect(failed).toContain('#cf222e')
    expect(failed).toContain('&lt;nightly &amp; co&gt;')
    expect(failed).not.toContain('<nightly')
    const running = await (await app.request(`/jobs/${PROJECT}/2/1/badge.svg`)).text()
    expect(running).toContain('#0969da')
  })

  it('GET .../badge.json answers the shields.io endpoint format', async () => {
    const r = await h.app().request(`/jobs/${PROJECT}/2/2/badge.json?label=crawl`)
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({
      schemaVersion: 1,
      label: 'crawl',
      message: 'pending',
      color: '6e7781',
      labelColor: '3d444d',
      cacheSeconds: 300,
    })
  })

  it('GET /projects/:project/jobs lists recent public rows, bounded and filtered', async () => {
    const app = h.app()
    const r = await app.request(`/projects/${PROJECT}/jobs?state=finished&count=5`)
    expect(r.status).toBe(200)
    const body = (await r.json()) as {
      project: number
      count: number
      jobs: Record<string, unknown>[]
    }
    expect(body.project).toBe(PROJECT)
    expect(body.count).toBe(5)
    expect(body.jobs).toHaveLength(5)
    for (const row of body.jobs) {
      expect(row.state).toBe('finished')
      expect(
        Object.keys(row).every((k) =>
          ['key', 'state', 'ts', 'outcome', ...DEFAULT_PUBLIC_FIELDS].includes(k),
        ),
      ).toBe(true)
    }
    const dflt = (await (await app.request(`/projects/${PROJECT}/jobs`)).json()) as {
      jobs: unknown[]
    }
    expect(dflt.jobs.length).toBe(20)
    const running = (await (
      await app.request(`/projects/${PROJECT}/jobs?state=running,pending&spider=quotes`)
    ).json()) as {
      jobs: { key: string }[]
    }
    expect(running.jobs.map((j) => j.key).sort()).toEqual([`${PROJECT}/2/1`, `${PROJECT}/2/2`])
    const max = (await (
      await app.request(`/projects/${PROJECT}/jobs?count=100&state=finished`)
    ).json()) as { jobs: unknown[] }
    expect(max.jobs.length).toBe(Math.min(100, FINISHED_JOBS))
    const tagged = (await (await app.request(`/projects/${PROJECT}/jobs?tag=nope`)).json()) as {
      jobs: unknown[]
    }
    expect(tagged.jobs).toEqual([])
  })

  it('GET /healthz and GET /openapi.json', async () => {
    const app = h.app()
    const hz = await app.request('/healthz')
    expect(hz.status).toBe(200)
    expect(hz.headers.get('cache-control')).toBe('no-store')
    expect(await hz.json()).toMatchObject({ status: 'ok', cache: { entries: 0 } })
    const o = await app.request('/openapi.json')
    expect(o.status).toBe(200)
    const text = await o.text()
    expect(leaksKey(text)).toBe(false)
    const doc = JSON.parse(text) as {
      openapi: string
      paths: Record<string, unknown>
      components: { schemas: Record<string, unknown> }
    }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/healthz',
      '/jobs/{project}/{spider}/{job}',
      '/jobs/{project}/{spider}/{job}/badge.json',
      '/jobs/{project}/{spider}/{job}/badge.svg',
      '/jobs/{project}/{spider}/{job}/{field}',
      '/openapi.json',
      '/projects/{project}/jobs',
      '/projects/{project}/spiders/{spider}/badge.json',
      '/projects/{project}/spiders/{spider}/badge.svg',
      '/status/{project}',
      '/status/{project}/{spider}',
    ])
    expect(JSON.stringify(doc.paths['/jobs/{project}/{spider}/{job}'])).toContain(
      '"pattern":"^[1-9][0-9]{0,9}$"',
    )
    expect(doc.components.schemas.PublicJob).toBeDefined()
    const again = await app.request('/openapi.json', {
      headers: { 'if-none-match': o.headers.get('etag')! },
    })
    expect(again.status).toBe(304)
  })

  it('answers HEAD like GET without a body', async () => {
    const app = h.app()
    const g = await app.request(`/jobs/${PROJECT}/1/14`)
    const hd = await app.request(`/jobs/${PROJECT}/1/14`, { method: 'HEAD' })
    expect(hd.status).toBe(200)
    expect(await hd.text()).toBe('')
    expect(hd.headers.get('etag')).toBe(g.headers.get('etag'))
    expect(hd.headers.get('x-cache')).toBe('HIT')
  })

  it('puts X-Cache, Server-Timing, secure headers and CORS on every route', async () => {
    const answers = await everyRoute(h.app())
    for (const [path, r] of Object.entries(answers)) {
      expect(r.status, path).toBe(200)
      expect(r.headers.get('x-cache'), path).toMatch(/^(HIT|MISS|STALE|REVALIDATED)$/)
      expect(r.headers.get('server-timing'), path).toMatch(/total;dur=\d/)
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(r.headers.get('referrer-policy'), path).toBe('no-referrer')
      expect(r.headers.get('cross-origin-resource-policy'), path).toBe('cross-origin')
      expect(r.headers.get('access-control-allow-origin'), path).toBe('*')
      expect(r.headers.get('access-control-expose-headers'), path).toContain('ETag')
      if (path !== '/healthz') expect(r.headers.get('etag'), path).toBeTruthy()
    }
  })
})
