import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_APIKEY } from './index.ts'
import { type RunningEmulator, startEmulator } from './node.ts'

const NOW = 1_700_000_000_000
const AUTH = { Authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` }
let server: RunningEmulator

beforeAll(async () => {
  server = await startEmulator({
    port: 0,
    now: () => NOW,
    apikeys: { [DEMO_APIKEY]: [8] },
    seed: [
      { key: '8/1/1', spider: 's', state: 'finished', finished_time: NOW - 10, tags: ['t'] },
      { key: '8/1/2', spider: 's', state: 'running', running_time: NOW - 20 },
    ],
  })
})
afterAll(async () => {
  await server.close()
})

const JL = 'application/x-jsonlines'
const JSON_CT = 'application/json'
const TEXT = 'text/plain; charset=utf-8'
const WRITTEN = 'text/html; charset=utf-8'

// [method, path, body, status, exact Content-Type, exact body or pattern]
const CASES: [string, string, string | undefined, number, string, RegExp | string][] = [
  ['GET', '/jobs/8/1/1', undefined, 200, JL, /^\{[^\n]*"state": "finished"[^\n]*\}$/],
  ['GET', '/jobs/8/1/1?format=json', undefined, 200, JSON_CT, /^\[\{.*\}\]$/],
  ['GET', '/jobs/8/1/9', undefined, 200, JL, ''],
  ['GET', '/jobs/8/1/1/tags', undefined, 200, JSON_CT, '["t"]'],
  ['GET', '/jobs/8/1/1/missing', undefined, 200, JSON_CT, 'null'],
  ['POST', '/jobs/8/1/1/note', '"hi"', 200, WRITTEN, ''],
  ['POST', '/jobs/8/1/1', '{"other": 1}', 200, WRITTEN, ''],
  ['POST', '/jobs/8/1/1', '{bad', 400, TEXT, /^Error parsing data, /],
  ['DELETE', '/jobs/8/1/1/note', undefined, 200, WRITTEN, ''],
  ['GET', '/jobq/8/list', undefined, 200, JL, /^\{"key": "8\/1\/1", [^\n]*\}$/],
  ['GET', '/jobq/8/count?state=running', undefined, 200, JSON_CT, '1'],
  [
    'GET',
    '/jobq/8/summary',
    undefined,
    200,
    JL,
    /^\{"name": "pending", "count": 0, .*\}\n\{.*\}\n\{.*\}$/,
  ],
  [
    'GET',
    '/jobq/8/summary/running',
    undefined,
    200,
    JL,
    /^\{"name": "running", "count": 1, [^\n]*\}$/,
  ],
  ['GET', '/jobq/8/1/summary', undefined, 200, JL, /"name": "finished", "count": 1/],
  ['GET', '/jobq/8/1/summary/finished', undefined, 200, JL, /"count": 1/],
  ['GET', '/jobq/8/jobsummary?key=8/1/2', undefined, 200, JL, /^\{"key": "8\/1\/2", [^\n]*\}$/],
  ['POST', '/jobq/8/push', '{"spider": "s"}', 200, JL, '{"key": "8/1/3", "auth": null}'],
  ['POST', '/jobq/8/push', '{"spider": "s"}', 200, JL, '{"key": "8/1/4", "auth": null}'],
  ['POST', '/jobq/8/startjob', '{}', 200, JSON_CT, /^\{[^\n]*"key": "8\/1\/3"[^\n]*\}$/],
  [
    'POST',
    '/jobq/8/update',
    '{"key": "8/1/3", "state": "finished"}',
    200,
    JL,
    '{"key": "8/1/3", "prevstate": "running"}',
  ],
  ['POST', '/jobq/8/1/4/cancel', '', 200, JSON_CT, '{"count": 1}'],
  ['POST', '/jobq/8/cancel', '[{"key": "8/1/2"}]', 200, JSON_CT, '{"count": 1}'],
  ['GET', '/spiders/8/lastjobsummary', undefined, 200, JL, /^\{"key": "8\/1\/4", [^\n]*\}$/],
  ['GET', '/spiders/8/1/lastjobsummary', undefined, 200, JL, /^\{"key": "8\/1\/4", [^\n]*\}$/],
  ['GET', '/projects/8/jobsummary', undefined, 200, JSON_CT, /^\{"project": 8, [^\n]*\}$/],
  ['GET', '/projects/jobsummaries', undefined, 200, JSON_CT, /^\[\{"project": 8, [^\n]*\}\]$/],
  ['GET', '/ids/8/spider/s', undefined, 200, JSON_CT, '1'],
  ['GET', '/system/ts', undefined, 200, 'application/json; charset=UTF-8', String(NOW)],
  ['DELETE', '/jobs/8/1/3', undefined, 200, WRITTEN, ''],
  ['GET', '/jobq/9/list', undefined, 403, JSON_CT, /"Forbidden"/],
  ['GET', '/nowhere', undefined, 404, TEXT, 'Not Found\n'],
]

describe('every route over real HTTP', () => {
  it('answers each route with its status, content type and body', async () => {
    await fetch(new URL('__emulator/reset', server.url), { method: 'POST' })
    for (const [method, path, body, status, type, check] of CASES) {
      const res = await fetch(new URL(path.slice(1), server.url), {
        method,
        headers: AUTH,
        ...(body === undefined ? {} : { body }),
      })
      const text = await res.text()
      const label = `${method} ${path}`
      expect(res.status, label).toBe(status)
      expect(res.headers.get('access-control-allow-origin'), label).toBe('*')
      expect(res.headers.get('content-type'), label).toBe(type)
      if (typeof check === 'string') expect(text, label).toBe(check)
      else expect(text, label).toMatch(check)
    }
    const stats = await (await fetch(new URL('__emulator/stats', server.url))).json()
    expect(stats.total).toBe(CASES.length)
    expect(Object.keys(stats.routes).sort()).toEqual([
      'DELETE /jobs/:project/:spider/:job',
      'DELETE /jobs/:project/:spider/:job/:field',
      'GET /ids/:project/spider/:name',
      'GET /jobq/:project/:spider/summary',
      'GET /jobq/:project/:spider/summary/:state',
      'GET /jobq/:project/count',
      'GET /jobq/:project/jobsummary',
      'GET /jobq/:project/list',
      'GET /jobq/:project/summary',
      'GET /jobq/:project/summary/:state',
      'GET /jobs/:project/:spider/:job',
      'GET /jobs/:project/:spider/:job/:field',
      'GET /projects/:project/jobsummary',
      'GET /projects/jobsummaries',
      'GET /spiders/:project/:spider/lastjobsummary',
      'GET /spiders/:project/lastjobsummary',
      'GET /system/ts',
      'POST /jobq/:project/:spider/:job/cancel',
      'POST /jobq/:project/cancel',
      'POST /jobq/:project/push',
      'POST /jobq/:project/startjob',
      'POST /jobq/:project/update',
      'POST /jobs/:project/:spider/:job',
      'POST /jobs/:project/:spider/:job/:field',
      'unmatched',
    ])
  })

  it('answers 401 as recorded: four-line JSON on JobQ, text on the other storage routes', async () => {
    for (const path of ['jobq/8/list', 'jobq/8/count']) {
      const res = await fetch(new URL(path, server.url))
      expect(res.status, path).toBe(401)
      expect(res.headers.get('content-type')).toBe(JSON_CT)
      expect(res.headers.get('content-length')).toBe('58')
      expect(await res.text()).toBe('{\n  "error": "Unauthorized",\n  "message": "Unauthorized"\n}')
    }
    for (const path of ['jobs/8/1/1', 'spiders/8/lastjobsummary', 'projects/jobsummaries']) {
      const res = await fetch(new URL(path, server.url))
      expect(res.status, path).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="apikey"')
      expect(await res.text()).toBe('Unauthorized\n')
    }
  })

  it('answers 413 for a body over 1 MiB on the wire', async () => {
    const res = await fetch(new URL('jobs/8/1/1/big', server.url), {
      method: 'POST',
      headers: AUTH,
      body: JSON.stringify('x'.repeat(1_100_000)),
    })
    expect(res.status).toBe(413)
    expect(await res.text()).toMatch(/^Error parsing data, /)
  })

  it('answers a CORS preflight', async () => {
    const res = await fetch(new URL('jobs/8/1/1', server.url), { method: 'OPTIONS' })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-headers')).toContain('Authorization')
  })
})

describe('web-standard entry', () => {
  it('imports no node:* module outside node.ts and cli.ts', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url))
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'node.ts' && f !== 'cli.ts',
    )
    expect(files.length).toBeGreaterThan(10)
    for (const f of files) {
      const src = readFileSync(`${dir}/${f}`, 'utf8')
      expect(src, f).not.toMatch(/from '(node:|@hono\/node-server)/)
    }
  })
})
