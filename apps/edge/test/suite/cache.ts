/** The cache suite, run on Node (app.request) and inside workerd (vitest-pool-workers) against the emulator. */
import { afterEach, describe, expect, it } from 'vitest'
import { PROJECT } from '../fixtures.ts'
import { type Harness, JOB_ROUTE, LIST_ROUTE } from './harness.ts'

/** Registers the cache tests for a platform. */
export function cacheSuite(h: Harness): void {
  describe(`cache layers (${h.platform})`, () => {
    afterEach(async () => {
      await h.emulator.clearFaults()
    })

    it('answers MISS then HIT, with ETag, Age, Server-Timing and a long life for a finished job', async () => {
      const app = await h.makeApp()
      const before = await h.emulator.count(JOB_ROUTE)
      const a = await app.request(`/jobs/${PROJECT}/1/1`)
      expect(a.status).toBe(200)
      expect(a.headers.get('x-cache')).toBe('MISS')
      expect(a.headers.get('etag')).toMatch(/^"[0-9a-z]+-[0-9a-z]+"$/)
      expect(a.headers.get('cache-control')).toBe(
        'public, max-age=60, s-maxage=3600, stale-while-revalidate=30, stale-if-error=86400',
      )
      expect(a.headers.get('server-timing')).toMatch(
        /cache;desc="MISS", upstream;dur=[\d.]+, total;dur=[\d.]+/,
      )
      const body = (await a.json()) as Record<string, unknown>
      expect(body).toMatchObject({
        key: `${PROJECT}/1/1`,
        state: 'finished',
        outcome: 'ok',
        items: 1,
      })
      const b = await app.request(`/jobs/${PROJECT}/1/1`)
      expect(b.headers.get('x-cache')).toBe('HIT')
      expect(b.headers.get('age')).toMatch(/^\d+$/)
      expect(b.headers.get('etag')).toBe(a.headers.get('etag'))
      expect(b.headers.get('server-timing')).toMatch(/^cache;desc="HIT", total;dur=/)
      expect(await h.emulator.count(JOB_ROUTE)).toBe(before + 1)
    })

    it('answers 304 to a matching If-None-Match, also for fields and badges', async () => {
      const app = await h.makeApp()
      for (const path of [
        `/jobs/${PROJECT}/1/2`,
        `/jobs/${PROJECT}/1/2/state`,
        `/jobs/${PROJECT}/1/2/badge.svg`,
      ]) {
        const a = await app.request(path)
        const etag = a.headers.get('etag')!
        const b = await app.request(path, { headers: { 'if-none-match': etag } })
        expect(b.status).toBe(304)
        expect(b.headers.get('etag')).toBe(etag)
        expect(b.headers.get('x-cache')).toBe('HIT')
        expect(await b.text()).toBe('')
        const c = await app.request(path, { headers: { 'if-none-match': '"other"' } })
        expect(c.status).toBe(200)
      }
    })

    it('gives a running job a short life, and caches a missing job as 404: briefly above its spider newest known job', async () => {
      const app = await h.makeApp()
      const r = await app.request(`/jobs/${PROJECT}/2/1`)
      expect(r.headers.get('cache-control')).toContain('s-maxage=10,')
      expect((await app.request(`/jobs/${PROJECT}/4/3`)).status).toBe(200)
      const before = await h.emulator.count(JOB_ROUTE)
      // job 2 of spider 4 does not exist, below its newest known job 3: gone for good
      const below = await app.request(`/jobs/${PROJECT}/4/2`)
      expect(below.status).toBe(404)
      const p = (await below.json()) as Record<string, unknown>
      expect(p.type).toBe('urn:jobmeta:problem:job-not-found')
      expect(p.detail).toBe('this job does not exist')
      expect(below.headers.get('cache-control')).toContain('s-maxage=30,')
      // above the newest known job, or of a spider never seen: may appear any moment
      for (const path of [`/jobs/${PROJECT}/4/4`, `/jobs/${PROJECT}/9/9`]) {
        const above = await app.request(path)
        expect(above.status).toBe(404)
        expect(above.headers.get('cache-control')).toContain('s-maxage=3,')
      }
      const again = await app.request(`/jobs/${PROJECT}/9/9`)
      expect(again.status).toBe(404)
      expect(again.headers.get('x-cache')).toBe('HIT')
      expect(await h.emulator.count(JOB_ROUTE)).toBe(before + 3)
    })

    it('serves a stale copy while revalidating, then the refreshed one', async () => {
      const app = await h.makeApp()
      await app.request(`/jobs/${PROJECT}/2/2`)
      const before = await h.emulator.count(JOB_ROUTE)
      app.advance(12_000) // past the 10 s life, inside the 30 s stale-while-revalidate window
      const s = await app.request(`/jobs/${PROJECT}/2/2`)
      expect(s.status).toBe(200)
      expect(s.headers.get('x-cache')).toBe('STALE')
      expect(s.headers.get('server-timing')).toContain('stale-while-revalidate')
      expect(s.headers.get('cache-control')).toBe(
        'public, max-age=0, s-maxage=0, stale-if-error=86400',
      )
      await expect.poll(() => h.emulator.count(JOB_ROUTE), { timeout: 5000 }).toBe(before + 1)
      await expect
        .poll(async () => (await app.request(`/jobs/${PROJECT}/2/2`)).headers.get('x-cache'), {
          timeout: 5000,
        })
        .toBe('HIT')
    })

    it('revalidates synchronously past the stale window (REVALIDATED)', async () => {
      const app = await h.makeApp()
      await app.request(`/jobs/${PROJECT}/2/1`)
      app.advance(60_000)
      const r = await app.request(`/jobs/${PROJECT}/2/1`)
      expect(r.status).toBe(200)
      expect(r.headers.get('x-cache')).toBe('REVALIDATED')
    })

    it('keeps serving cached jobs, marked STALE, while upstream fails', async () => {
      const app = await h.makeApp()
      const keys = [3, 4, 5].map((j) => `/jobs/${PROJECT}/1/${j}`)
      const fresh = new Map<string, string>()
      for (const k of keys) fresh.set(k, await (await app.request(k)).text())
      app.advance(3_700_000) // past life and stale-while-revalidate, inside stale-if-error
      for (const status of [503, 504, 500, 429]) {
        await h.emulator.setFaults({
          errorRate: 1,
          status,
          retryAfter: 1,
          match: `/jobs/${PROJECT}/`,
        })
        for (const k of keys) {
          const r = await app.request(k)
          expect(r.status).toBe(200)
          expect(r.headers.get('x-cache')).toBe('STALE')
          expect(r.headers.get('server-timing')).toContain('stale-if-error')
          expect(await r.text()).toBe(fresh.get(k))
        }
      }
      await h.emulator.setFaults({ resetRate: 1, match: `/jobs/${PROJECT}/` })
      expect((await app.request(keys[0]!)).headers.get('x-cache')).toBe('STALE')
      await h.emulator.clearFaults()
      app.advance(300_000) // past the back-off window the failures opened
      const back = await app.request(keys[0]!)
      expect(back.headers.get('x-cache')).toBe('REVALIDATED')
    })

    it('answers 503/504/502 problems when nothing is cached, and never caches the error', async () => {
      const app = await h.makeApp()
      const cases: [Record<string, unknown>, number, string][] = [
        [{ errorRate: 1, status: 503, retryAfter: 7 }, 503, 'upstream-unavailable'],
        [{ errorRate: 1, status: 429, retryAfter: 3 }, 503, 'upstream-unavailable'],
        [{ errorRate: 1, status: 504 }, 504, 'upstream-timeout'],
        [{ errorRate: 1, status: 500 }, 502, 'upstream-error'],
        [{ resetRate: 1 }, 502, 'upstream-error'],
      ]
      let j = 10
      for (const [fault, status, type] of cases) {
        j++
        await h.emulator.setFaults({ ...fault, match: `/jobs/${PROJECT}/` })
        const r = await app.request(`/jobs/${PROJECT}/1/${j}`)
        expect(r.status).toBe(status)
        expect(r.headers.get('content-type')).toBe('application/problem+json')
        expect(r.headers.get('cache-control')).toBe('no-store')
        const p = (await r.json()) as Record<string, unknown>
        expect(p.type).toBe(`urn:jobmeta:problem:${type}`)
        expect(p).toHaveProperty('detail')
        if (fault.retryAfter !== undefined)
          expect(r.headers.get('retry-after')).toBe(String(fault.retryAfter))
        await h.emulator.clearFaults()
        // the failure opened a back-off window: asked again at once, the answer comes without upstream
        const before = await h.emulator.count()
        const backoff = await app.request(`/jobs/${PROJECT}/1/${j}`)
        expect(backoff.status).toBe(503)
        expect(((await backoff.json()) as { type: string }).type).toBe(
          'urn:jobmeta:problem:upstream-backoff',
        )
        expect(Number(backoff.headers.get('retry-after'))).toBeGreaterThan(0)
        expect(await h.emulator.count()).toBe(before)
        app.advance(600_000)
        const ok = await app.request(`/jobs/${PROJECT}/1/${j}`)
        expect(ok.status).toBe(200)
        expect(ok.headers.get('x-cache')).toBe('MISS')
      }
      // the upstream timeout of the worker itself
      const slow = await h.makeApp({ UPSTREAM_TIMEOUT_MS: '150' })
      await h.emulator.setFaults({ latencyMs: 1500, match: `/jobs/${PROJECT}/1/20` })
      const before = await h.emulator.count(JOB_ROUTE)
      const t = await slow.request(`/jobs/${PROJECT}/1/20`)
      expect(t.status).toBe(504)
      // The emulator counts a request when it has answered it, 1.5 s from now: wait for that, or
      // the count lands in a later test's before/after window and breaks its exact count.
      await expect.poll(() => h.emulator.count(JOB_ROUTE), { timeout: 10_000 }).toBe(before + 1)
    })

    it('turns upstream 401/403 into a 502 that only says the worker is misconfigured', async () => {
      const app = await h.makeApp({ SHUB_APIKEY: 'ffffffffffffffffffffffffffffffff' })
      const r = await app.request(`/jobs/${PROJECT}/1/1`)
      expect(r.status).toBe(502)
      const p = (await r.json()) as Record<string, unknown>
      expect(p.type).toBe('urn:jobmeta:problem:upstream-misconfigured')
      expect(p.title).toBe('Worker misconfigured')
      expect(JSON.stringify(p)).not.toMatch(/401|403|unauthori[sz]ed|forbidden|apikey|ffffffff/i)
    })

    it('bounds the in-isolate cache by entries', async () => {
      const app = await h.makeApp({ CACHE_MAX_ENTRIES: '2' })
      for (const j of [30, 31, 32]) await app.request(`/jobs/${PROJECT}/1/${j}`)
      await app.settle?.()
      const before = await h.emulator.count(JOB_ROUTE)
      expect((await app.request(`/jobs/${PROJECT}/1/32`)).headers.get('x-cache')).toBe('HIT')
      const evicted = await app.request(`/jobs/${PROJECT}/1/30`)
      // evicted from the LRU: the platform cache has it (Workers), or upstream is asked again (Node)
      if (h.platform === 'node') {
        expect(evicted.headers.get('x-cache')).toBe('MISS')
        expect(await h.emulator.count(JOB_ROUTE)).toBe(before + 1)
      } else {
        expect(evicted.headers.get('x-cache')).toBe('HIT')
        expect(await h.emulator.count(JOB_ROUTE)).toBe(before)
      }
    })

    it('caches project lists and serves them stale when JobQ fails', async () => {
      const app = await h.makeApp()
      const path = `/projects/${PROJECT}/jobs?state=finished&count=3`
      const a = await app.request(path)
      expect(a.status).toBe(200)
      expect(a.headers.get('cache-control')).toContain('s-maxage=15,')
      expect((await app.request(path)).headers.get('x-cache')).toBe('HIT')
      app.advance(100_000)
      await h.emulator.setFaults({ errorRate: 1, status: 503, match: `/jobq/` })
      const s = await app.request(path)
      expect(s.status).toBe(200)
      expect(s.headers.get('x-cache')).toBe('STALE')
    })

    it('remembers an upstream failure: stale copies at once for the Retry-After window, cold keys 503 without upstream, then one probe', async () => {
      const app = await h.makeApp({ CACHE_TTL_FINISHED: '1', CACHE_STALE_WHILE_REVALIDATE: '1' })
      const keys = [140, 141, 142, 143, 144].map((j) => `/jobs/${PROJECT}/1/${j}`)
      for (const k of keys) expect((await app.request(k)).status).toBe(200)
      await app.settle?.()
      app.advance(5_000) // past life and stale-while-revalidate
      await h.emulator.setFaults({
        errorRate: 1,
        status: 429,
        retryAfter: 120,
        match: `/jobs/${PROJECT}/1/14`,
      })
      const before = await h.emulator.count(JOB_ROUTE)
      for (let i = 0; i < 100; i++) {
        const r = await app.request(keys[i % keys.length]!)
        expect(r.status).toBe(200)
        expect(r.headers.get('x-cache')).toBe('STALE')
      }
      // the first 429 opened the window for the whole upstream: one call for 100 requests
      expect(await h.emulator.count(JOB_ROUTE)).toBe(before + 1)
      const cold = await app.request(`/jobs/${PROJECT}/1/145`)
      expect(cold.status).toBe(503)
      expect(((await cold.json()) as { type: string }).type).toBe(
        'urn:jobmeta:problem:upstream-backoff',
      )
      const wait = Number(cold.headers.get('retry-after'))
      expect(wait).toBeGreaterThan(100)
      expect(wait).toBeLessThanOrEqual(120)
      expect(await h.emulator.count(JOB_ROUTE)).toBe(before + 1)
      expect(app.logs).toContain(
        '[jobmeta-edge] upstream storage: open for 120 s after 429 (Retry-After 120 s), failure 1 in a row',
      )
      await h.emulator.clearFaults()
      app.advance(121_000)
      for (const k of keys)
        expect((await app.request(k)).headers.get('x-cache')).toBe('REVALIDATED')
      expect(await h.emulator.count(JOB_ROUTE)).toBe(before + 1 + keys.length)
      expect(app.logs.join('\n')).toMatch(
        /upstream storage: closed after 12\d s and 1 failure\(s\) in a row \(last 429\); in the last window 100 answered stale, 1 refused/,
      )
    })

    it('applies list filters itself: 300 different tags and spiders cost one upstream call', async () => {
      const app = await h.makeApp()
      const before = await h.emulator.count(LIST_ROUTE)
      const answers = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          app.request(`/projects/${PROJECT}/jobs?tag=t${i}&spider=s${i % 7}&count=${1 + (i % 50)}`),
        ),
      )
      for (const r of answers) {
        expect(r.status).toBe(200)
        expect(((await r.json()) as { jobs: unknown[] }).jobs).toEqual([])
      }
      const nightly = await app.request(
        `/projects/${PROJECT}/jobs?tag=nightly&spider=books&count=7`,
      )
      const body = (await nightly.json()) as { count: number; jobs: { key: string }[] }
      expect(body.count).toBe(7)
      expect(body.jobs.every((j) => j.key.startsWith(`${PROJECT}/1/`))).toBe(true)
      expect(await h.emulator.count(LIST_ROUTE)).toBe(before + 1)
    })

    it('spends a per-client miss budget on misses only: hits stay free, other clients unaffected', async () => {
      const app = await h.makeApp({ MISS_BUDGET: '3', MISS_BUDGET_WINDOW: '60' })
      const as = (ip: string) => ({ headers: { 'cf-connecting-ip': ip } })
      for (const j of [150, 151, 152])
        expect((await app.request(`/jobs/${PROJECT}/1/${j}`, as('198.51.100.1'))).status).toBe(200)
      const before = await h.emulator.count(JOB_ROUTE)
      const over = await app.request(`/jobs/${PROJECT}/1/153`, as('198.51.100.1'))
      expect(over.status).toBe(429)
      expect(((await over.json()) as { type: string }).type).toBe(
        'urn:jobmeta:problem:rate-limited',
      )
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0)
      for (let i = 0; i < 10; i++) {
        const hit = await app.request(`/jobs/${PROJECT}/1/${150 + (i % 3)}`, as('198.51.100.1'))
        expect(hit.headers.get('x-cache')).toBe('HIT')
      }
      expect(await h.emulator.count(JOB_ROUTE)).toBe(before)
      expect((await app.request(`/jobs/${PROJECT}/1/153`, as('198.51.100.2'))).status).toBe(200)
      app.advance(61_000)
      expect((await app.request(`/jobs/${PROJECT}/1/154`, as('198.51.100.1'))).status).toBe(200)
    })

    it('caps upstream calls in flight: past UPSTREAM_CONCURRENCY + UPSTREAM_QUEUE the answer is 503 without an upstream call', async () => {
      const app = await h.makeApp({ UPSTREAM_CONCURRENCY: '2', UPSTREAM_QUEUE: '3' })
      await h.emulator.setFaults({ latencyMs: 400, match: `/jobs/${PROJECT}/1/16` })
      const before = await h.emulator.count(JOB_ROUTE)
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => app.request(`/jobs/${PROJECT}/1/${160 + i}`)),
      )
      const statuses = answers.map((r) => r.status).sort()
      expect(statuses).toEqual([200, 200, 200, 200, 200, 503, 503, 503, 503, 503])
      for (const r of answers.filter((a) => a.status === 503)) {
        expect(((await r.json()) as { type: string }).type).toBe(
          'urn:jobmeta:problem:upstream-busy',
        )
        expect(r.headers.get('retry-after')).toBe('1')
      }
      await expect.poll(() => h.emulator.count(JOB_ROUTE), { timeout: 5000 }).toBe(before + 5)
    })
  })
}
