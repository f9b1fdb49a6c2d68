import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_APIKEY, DEMO_PROJECT } from './index.ts'
import { type RunningEmulator, startEmulator } from './node.ts'

const AUTH = { Authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` }
let server: RunningEmulator

beforeAll(async () => {
  server = await startEmulator({ port: 0 })
})
afterAll(async () => {
  await server.close()
})

describe('startEmulator over real HTTP', () => {
  it('listens on 127.0.0.1 with a trailing-slash URL', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`)
    expect(server.port).toBeGreaterThan(0)
  })

  it('serves the demo project: summary, list, one job, one field', async () => {
    const summary = await fetch(new URL(`jobq/${DEMO_PROJECT}/summary`, server.url), {
      headers: AUTH,
    })
    expect(summary.status).toBe(200)
    expect(summary.headers.get('access-control-allow-origin')).toBe('*')
    const lines = (await summary.text()).split('\n').map((l) => JSON.parse(l))
    expect(lines.map((l) => l.name)).toEqual(['pending', 'running', 'finished'])
    for (const l of lines) expect(l.count).toBeGreaterThan(0)
    const row = lines[2].summary[0]
    const job = await fetch(new URL(`jobs/${row.key}`, server.url), { headers: AUTH })
    expect(job.headers.get('content-type')).toBe('application/x-jsonlines')
    const meta = JSON.parse(await job.text())
    expect(meta.state).toBe('finished')
    expect(meta.spider).toBe(row.spider)
    const field = await fetch(new URL(`jobs/${row.key}/state?apikey=${DEMO_APIKEY}`, server.url))
    expect(await field.text()).toBe('"finished"')
  })

  it('answers 401 without a key and 404 for unknown routes', async () => {
    const res = await fetch(new URL(`jobs/${DEMO_PROJECT}/1/1`, server.url))
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="apikey"')
    const nf = await fetch(new URL('nope', server.url))
    expect(nf.status).toBe(404)
    expect(await nf.text()).toBe('Not Found\n')
  })

  it('counts requests by route over HTTP and resets the counters', async () => {
    await fetch(new URL('__emulator/reset', server.url), { method: 'POST' })
    await fetch(new URL(`jobq/${DEMO_PROJECT}/count`, server.url), { headers: AUTH })
    await fetch(new URL(`jobq/${DEMO_PROJECT}/count`, server.url))
    await fetch(new URL('missing', server.url))
    const stats = await (await fetch(new URL('__emulator/stats', server.url))).json()
    expect(stats).toEqual({
      total: 3,
      routes: {
        'GET /jobq/:project/count': { count: 2, byStatus: { '200': 1, '401': 1 } },
        unmatched: { count: 1, byStatus: { '404': 1 } },
      },
    })
    expect(server.emulator.stats.total()).toBe(3)
    await fetch(new URL('__emulator/reset', server.url), { method: 'POST' })
    expect(server.emulator.stats.total()).toBe(0)
  })
})
