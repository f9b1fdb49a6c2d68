import { describe, expect, it } from 'vitest'
import { createApp } from '../src/app.ts'
import { type CacheLike, platformCache } from '../src/cache/platform.ts'
import { parseConfig } from '../src/config.ts'
import { PROJECT, testEnv } from './fixtures.ts'
import { nodeHarness } from './node-harness.ts'
import { cacheSuite } from './suite/cache.ts'
import { JOB_ROUTE } from './suite/harness.ts'

const h = nodeHarness()
cacheSuite(h)

describe('single-flight on Node', () => {
  it('makes exactly 1 upstream request for 500 concurrent requests of one cold job', async () => {
    const app = h.app()
    await h.emulator.setFaults({ latencyMs: 50, match: `/jobs/${PROJECT}/1/100` })
    const before = await h.emulator.count(JOB_ROUTE)
    const answers = await Promise.all(
      Array.from({ length: 500 }, () => app.request(`/jobs/${PROJECT}/1/100`)),
    )
    await h.emulator.clearFaults()
    expect(await h.emulator.count(JOB_ROUTE)).toBe(before + 1)
    expect(answers.every((r) => r.status === 200)).toBe(true)
    const bodies = new Set(await Promise.all(answers.map((r) => r.text())))
    expect(bodies.size).toBe(1)
    const statuses = new Set(answers.map((r) => r.headers.get('x-cache')))
    expect(statuses).toEqual(new Set(['MISS']))
  })

  it('coalesces a burst on one failing job into one upstream request, and shares the failure', async () => {
    const app = h.app()
    await h.emulator.setFaults({
      errorRate: 1,
      status: 503,
      latencyMs: 30,
      match: `/jobs/${PROJECT}/1/101`,
    })
    const before = await h.emulator.count(JOB_ROUTE)
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => app.request(`/jobs/${PROJECT}/1/101`)),
    )
    await h.emulator.clearFaults()
    expect(await h.emulator.count(JOB_ROUTE)).toBe(before + 1)
    expect(answers.every((r) => r.status === 503)).toBe(true)
  })
})

describe('cache hits on Node', () => {
  it('are answered synchronously (no await), so @hono/node-server writes them in the same tick', async () => {
    const app = createApp(parseConfig(testEnv(h.url())), { platformCache: null })
    const miss = await app.fetch(new Request(`http://localhost/jobs/${PROJECT}/1/70`))
    expect(miss.headers.get('x-cache')).toBe('MISS')
    for (const rest of ['', '/state', '/badge.svg', '/badge.json']) {
      const hit = app.fetch(new Request(`http://localhost/jobs/${PROJECT}/1/70${rest}`))
      expect(hit).toBeInstanceOf(Response)
      expect((hit as Response).headers.get('x-cache')).toBe('HIT')
    }
  })
})

describe('platform cache scope (Node, with an in-memory Cache API stand-in)', () => {
  it('never serves an entry built under other published fields (un-publishing a field takes effect at once)', async () => {
    const stored = new Map<string, string>()
    const mem: CacheLike = {
      async match(req) {
        const body = stored.get(String(req))
        return body === undefined ? undefined : new Response(body)
      },
      async put(req, res) {
        stored.set(String(req), await res.text())
      },
    }
    const withCache = (fields: string) =>
      h.app({ PUBLIC_FIELDS: fields }, { platformCache: platformCache(mem) })
    const path = `/jobs/${PROJECT}/1/60`
    const wide = await withCache('state,scheduled_by').request(path)
    expect(await wide.json()).toHaveProperty('scheduled_by', 'alice')
    await expect.poll(() => stored.size).toBe(1)
    const narrow = await withCache('state').request(path)
    expect(narrow.headers.get('x-cache')).toBe('MISS')
    expect(await narrow.json()).not.toHaveProperty('scheduled_by')
    // the same settings do share the platform cache
    const same = await withCache('state,scheduled_by').request(path)
    expect(same.headers.get('x-cache')).toBe('HIT')
  })
})
