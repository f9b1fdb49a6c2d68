import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEmulator, DEMO_APIKEY, DEMO_PROJECT } from './index.ts'

const emulator = createEmulator({ now: () => 1_780_000_000_000 })
const AUTH = `Basic ${btoa(`${DEMO_APIKEY}:`)}`

const segment = fc.oneof(
  fc.constantFrom('jobs', 'jobq', String(DEMO_PROJECT), '1', '2', 'list', 'count', 'summary'),
  fc.constantFrom('jobsummary', 'push', 'update', 'cancel', 'finished', 'pending', '__emulator'),
  fc.constantFrom('stats', 'faults', 'reset', '0', '-1', '%', '%zz', '..', '', '99999999999999999'),
  fc.string({ maxLength: 8 }).map(encodeURIComponent),
)
const id = fc.oneof(fc.constantFrom(String(DEMO_PROJECT), '1', '2', '3', '0', 'x', '007'), segment)
const structured = fc.oneof(
  fc
    .tuple(id, id, id, fc.option(segment, { nil: undefined }))
    .map(([p, s, j, f]) => `/jobs/${p}/${s}/${j}${f === undefined ? '' : `/${f}`}`),
  fc
    .tuple(id, fc.constantFrom('list', 'count', 'summary', 'jobsummary', 'push', 'update'))
    .map(([p, r]) => `/jobq/${p}/${r}`),
  fc
    .tuple(id, id, id, fc.constantFrom('summary', 'cancel', 'summary/running', 'summary/x'))
    .map(([p, s, j, r]) =>
      r === 'cancel' ? `/jobq/${p}/${s}/${j}/cancel` : `/jobq/${p}/${s}/${r}`,
    ),
)
const path = fc.oneof(
  structured,
  fc.array(segment, { maxLength: 6 }).map((s) => `/${s.join('/')}`),
)
const param = fc.tuple(
  fc.constantFrom('state', 'spider', 'count', 'start', 'stop', 'key', 'has_tag', 'lacks_tag'),
  fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('1', '-3', 'running', '1e9', '')),
)
const extraParam = fc.tuple(
  fc.constantFrom('startts', 'endts', 'jobmeta', 'format', 'add_summary', 'apikey', 'x'),
  fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('json', '1', DEMO_APIKEY)),
)
const query = fc
  .array(fc.oneof(param, extraParam), { maxLength: 6 })
  .map((ps) => new URLSearchParams(ps).toString())
const body = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('{"spider": "x"}', '{"key": "123456/1/1", "state": "running"}', '{'),
)

describe('random requests', () => {
  it('never give a 5xx or throw', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'OPTIONS'),
        path,
        query,
        body,
        fc.boolean(),
        async (method, p, q, b, authed) => {
          if (p.startsWith('/__emulator/faults') || p.startsWith('/__emulator/reset')) return
          const init: RequestInit = { method, headers: authed ? { Authorization: AUTH } : {} }
          if (method === 'POST' || method === 'PUT') init.body = b
          const res = await emulator.app.request(`${p}?${q}`, init)
          expect(res.status).toBeLessThan(500)
          expect(res.headers.get('access-control-allow-origin')).toBe('*')
          await res.arrayBuffer()
        },
      ),
      { numRuns: 400 },
    )
  })

  it('random metadata written through the API reads back equal', async () => {
    // Dot segments never reach a server: the URL parser drops them, so the route is not found.
    const dot = await emulator.app.request(`/jobs/${DEMO_PROJECT}/1/1/..`, {
      method: 'POST',
      body: '1',
      headers: { Authorization: AUTH },
    })
    expect(dot.status).toBe(404)
    await fc.assert(
      fc.asyncProperty(
        // '.' and '..' are dot segments: URL parsing removes them before any server sees them.
        fc
          .string({ minLength: 1, maxLength: 12 })
          .filter((s) => !['state', 'auth', '_key', '.', '..'].includes(s)),
        fc.jsonValue({ maxDepth: 3 }),
        async (field, value) => {
          const url = `/jobs/${DEMO_PROJECT}/1/1/${encodeURIComponent(field)}`
          const post = await emulator.app.request(url, {
            method: 'POST',
            body: JSON.stringify(value),
            headers: { Authorization: AUTH },
          })
          if (field.includes('/')) {
            expect(post.status).toBeLessThan(500)
            return
          }
          expect(post.status).toBe(200)
          const got = await emulator.app.request(url, { headers: { Authorization: AUTH } })
          expect(JSON.parse(await got.text())).toEqual(JSON.parse(JSON.stringify(value)))
        },
      ),
      { numRuns: 200 },
    )
  })
})
