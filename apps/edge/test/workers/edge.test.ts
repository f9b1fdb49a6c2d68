/** The cache and security suites inside workerd, plus the Workers entry (worker.ts) itself. */

import { env, SELF } from 'cloudflare:test'
import { emulatorControl } from '@jobmeta/emulator'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { cacheScope, platformCache } from '../../src/cache/platform.ts'
import { parseConfig } from '../../src/config.ts'
import { buildWorkerHandler } from '../../src/worker.ts'
import { allBytes, leaksKey, PROJECT, testEnv } from '../fixtures.ts'
import { cacheSuite } from '../suite/cache.ts'
import { type Harness, JOB_ROUTE } from '../suite/harness.ts'
import { securitySuite } from '../suite/security.ts'
import { statusSuite } from '../suite/status.ts'

const url = env.EMULATOR_URL!
let n = 0
const RUN = crypto.randomUUID()

// Apps as on Workers: bounded coalescing (never an unbounded wait on another request) and a real Cache API
// cache (a fresh named cache per app, so tests do not see each other's entries).
const harness: Harness = {
  platform: 'workerd',
  async makeApp(extra = {}) {
    let offset = 0
    // named per run too: the Cache API storage may outlive a test run
    const cache = await caches.open(`edge-test-${RUN}-${n++}`)
    const logs: string[] = []
    const app = createApp(parseConfig(testEnv(url, extra)), {
      now: () => Date.now() + offset,
      platformCache: platformCache(cache),
      coalesce: 'bounded',
      log: (l) => logs.push(l),
    })
    // an execution context as on Workers, so tests can wait for the platform-cache writes
    const pending: Promise<unknown>[] = []
    const ctx = {
      waitUntil: (p: Promise<unknown>) => {
        pending.push(p)
      },
      passThroughOnException: () => undefined,
      props: {},
    }
    return {
      logs,
      request: async (path, init) => app.request(path, init, undefined, ctx),
      advance: (ms) => {
        offset += ms
      },
      settle: async () => {
        await Promise.all(pending.splice(0))
      },
    }
  },
  emulator: emulatorControl(url),
}

cacheSuite(harness)
securitySuite(harness, 300)
statusSuite(harness, () => url)

describe('Workers entry (src/worker.ts in workerd)', () => {
  it('serves a published job through caches.default and the in-isolate LRU', async () => {
    const before = await harness.emulator.count(JOB_ROUTE)
    const a = await SELF.fetch(`https://edge.example/jobs/${PROJECT}/1/200`)
    expect(a.status).toBe(200)
    expect(a.headers.get('x-cache')).toBe('MISS')
    expect(leaksKey(await allBytes(a))).toBe(false)
    const b = await SELF.fetch(`https://edge.example/jobs/${PROJECT}/1/200`)
    expect(b.headers.get('x-cache')).toBe('HIT')
    expect(await harness.emulator.count(JOB_ROUTE)).toBe(before + 1)
    const workersCaches = caches as unknown as { default: Cache }
    const scope = cacheScope(parseConfig(env))
    const hit = await workersCaches.default.match(
      `https://jobmeta-edge.cache.internal/v1/${encodeURIComponent(`${scope}:job:${PROJECT}/1/200`)}`,
    )
    expect(hit?.status).toBe(200)
  })

  it('coalesces a cold burst across requests however slow upstream is: 50 concurrent requests, 3 s upstream latency -> exactly 1 upstream request', async () => {
    await harness.emulator.setFaults({ latencyMs: 3000, match: `/jobs/${PROJECT}/1/201` })
    const before = await harness.emulator.count(JOB_ROUTE)
    const t0 = performance.now()
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => SELF.fetch(`https://edge.example/jobs/${PROJECT}/1/201`)),
    )
    const ms = performance.now() - t0
    await harness.emulator.clearFaults()
    const calls = (await harness.emulator.count(JOB_ROUTE)) - before
    console.log(
      `stress (workerd): 50 concurrent cold requests, 3 s upstream latency, Workers entry with default settings: ${calls} upstream call(s), statuses ${[...new Set(answers.map((r) => r.status))].join('/')}, all answered in ${(ms / 1000).toFixed(1)} s`,
    )
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 200))
    const bodies = new Set(await Promise.all(answers.map((r) => r.text())))
    expect(bodies.size).toBe(1)
    expect(calls).toBe(1)
    const after = await SELF.fetch(`https://edge.example/jobs/${PROJECT}/1/201`)
    expect(after.headers.get('x-cache')).toBe('HIT')
  })

  it('single-flight also works in workerd within one request context (shared mode): 500 -> 1 upstream call', async () => {
    const app = createApp(parseConfig(testEnv(url)), {
      coalesce: 'shared',
      platformCache: null,
      log: () => undefined,
    })
    await harness.emulator.setFaults({ latencyMs: 50, match: `/jobs/${PROJECT}/1/202` })
    const before = await harness.emulator.count(JOB_ROUTE)
    const answers = await Promise.all(
      Array.from({ length: 500 }, () => app.request(`/jobs/${PROJECT}/1/202`)),
    )
    await harness.emulator.clearFaults()
    expect(answers.every((r) => r.status === 200)).toBe(true)
    expect(await harness.emulator.count(JOB_ROUTE)).toBe(before + 1)
  })

  it('under a hang, joiners share the first request wait (one upstream call, one timeout), then back off without upstream', async () => {
    const app = createApp(parseConfig(testEnv(url, { UPSTREAM_TIMEOUT_MS: '400' })), {
      coalesce: 'bounded',
      platformCache: null,
      log: () => undefined,
    })
    await harness.emulator.setFaults({ latencyMs: 3000, match: `/jobs/${PROJECT}/1/203` })
    const before = await harness.emulator.count(JOB_ROUTE)
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => app.request(`/jobs/${PROJECT}/1/203`)),
    )
    expect(answers.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 504))
    const again = await app.request(`/jobs/${PROJECT}/1/203`)
    expect(again.status).toBe(503)
    expect(((await again.json()) as { type: string }).type).toBe(
      'urn:jobmeta:problem:upstream-backoff',
    )
    await harness.emulator.clearFaults()
    // the emulator counts a request once it has answered it, 3 s after it came
    await expect.poll(() => harness.emulator.count(JOB_ROUTE), { timeout: 10_000 }).toBe(before + 1)
  })

  it('never follows an upstream redirect (workerd refuses redirect: "error"; the worker asks for "manual")', async () => {
    const redirecting = createApp(parseConfig(testEnv(env.REDIRECT_URL!)), {
      coalesce: 'bounded',
      platformCache: null,
      log: () => undefined,
    })
    const before = await harness.emulator.count()
    const r = await redirecting.request(`/jobs/${PROJECT}/1/204`)
    expect(r.status).toBe(502)
    expect(((await r.json()) as { type: string }).type).toBe('urn:jobmeta:problem:upstream-error')
    const list = await redirecting.request(`/projects/${PROJECT}/jobs`)
    expect(list.status).toBe(502)
    expect(await harness.emulator.count()).toBe(before)
  })

  it('rate-limits per client with the Workers rate-limit binding', async () => {
    const handler = buildWorkerHandler({ ...env, RATE_LIMITER: env.TEST_RATE_LIMITER })
    const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined }
    const ask = (ip: string) =>
      handler(
        new Request('https://edge.example/openapi.json', { headers: { 'cf-connecting-ip': ip } }),
        env,
        ctx,
      )
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await ask('198.51.100.7')).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    const refused = await ask('198.51.100.7')
    expect(refused.headers.get('retry-after')).toBe('60')
    expect(((await refused.json()) as { type: string }).type).toBe(
      'urn:jobmeta:problem:rate-limited',
    )
    expect((await ask('198.51.100.8')).status).toBe(200)
  })

  it('answers a misconfiguration with a 500 problem naming the setting, for every path', async () => {
    for (const [bad, setting] of [
      [{ SHUB_APIKEY: '' }, 'SHUB_APIKEY'],
      [{ PUBLIC_PROJECTS: 'all' }, 'PUBLIC_PROJECTS'],
      [{ SHUB_STORAGE: 'http://evil.example/' }, 'SHUB_STORAGE'],
      [{ PUBLIC_FIELDS: 'auth' }, 'PUBLIC_FIELDS'],
    ] as const) {
      const handler = buildWorkerHandler({ ...env, ...bad })
      for (const path of ['/healthz', `/jobs/${PROJECT}/1/1`, '/anything']) {
        const r = await handler(
          new Request(`https://edge.example${path}`),
          { ...env, ...bad },
          {
            waitUntil: () => undefined,
            passThroughOnException: () => undefined,
          },
        )
        expect(r.status).toBe(500)
        expect(r.headers.get('content-type')).toBe('application/problem+json')
        const p = (await r.json()) as Record<string, unknown>
        expect(p).toMatchObject({ type: 'urn:jobmeta:problem:misconfigured', status: 500, setting })
        expect(String(p.detail)).toContain(setting)
      }
    }
  })
})
