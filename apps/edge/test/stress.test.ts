/**
 * The outage and abuse figures of the edge README, as bounded tests on Node against the emulator
 * on 127.0.0.1: each prints its figures and asserts counts (never a timing).
 * The workerd figure (50 concurrent cold requests, 3 s upstream latency) is in test/workers.
 */
import { describe, expect, it } from 'vitest'
import { PROJECT } from './fixtures.ts'
import { nodeHarness } from './node-harness.ts'
import type { AppUnderTest } from './suite/harness.ts'

const h = nodeHarness()

/** A fetch that passes every upstream request on and counts them by path. */
function countingFetch() {
  const byPath = new Map<string, number>()
  const fetchImpl: typeof fetch = (input, init) => {
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname
    byPath.set(path, (byPath.get(path) ?? 0) + 1)
    return fetch(input, init)
  }
  return {
    fetchImpl,
    total: () => [...byPath.values()].reduce((a, b) => a + b, 0),
    maxPerKey: () => Math.max(0, ...byPath.values()),
    reset: () => byPath.clear(),
  }
}

const jobs = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `/jobs/${PROJECT}/1/${from + i}`)

async function warm(app: AppUnderTest, paths: string[]): Promise<void> {
  for (const p of paths) expect((await app.request(p)).status).toBe(200)
}

// 'upstream;dur=' is in Server-Timing only when this request waited for an upstream call
const waited = (r: Response) => (r.headers.get('server-timing') ?? '').includes('upstream;dur=')

const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`

describe('stress figures (Node, bounded)', () => {
  it('upstream 429 Retry-After 120: 2,000 requests for 50 warm jobs make at most 1 upstream call per key, all answered stale', async () => {
    const up = countingFetch()
    const short = { CACHE_TTL_FINISHED: '1', CACHE_STALE_WHILE_REVALIDATE: '1' }
    const app = h.app(short, { fetch: up.fetchImpl })
    const hot = jobs(1, 50)
    await warm(app, hot)
    app.advance(3_000) // every copy is past its life and stale-while-revalidate
    up.reset()
    await h.emulator.setFaults({
      errorRate: 1,
      status: 429,
      retryAfter: 120,
      match: `/jobs/${PROJECT}/`,
    })
    const answers = await Promise.all(
      Array.from({ length: 2000 }, (_, i) => app.request(hot[i % hot.length]!)),
    )
    await h.emulator.clearFaults()
    const stale = answers.filter((r) => r.status === 200 && r.headers.get('x-cache') === 'STALE')
    console.log(
      `stress: 429 Retry-After 120, 2,000 requests for 50 warm jobs: ${up.total()} upstream calls (at most ${up.maxPerKey()} per key), ${stale.length} answered stale (${pct(stale.length, answers.length)})`,
    )
    expect(up.maxPerKey()).toBeLessThanOrEqual(1)
    // only the loads in the upstream slots (UPSTREAM_CONCURRENCY) when the first 429 came back
    expect(up.total()).toBeLessThanOrEqual(8)
    expect(stale.length).toBe(2000)
  })

  it('upstream hanging: only the first request for a key waits', async () => {
    const up = countingFetch()
    const env = {
      CACHE_TTL_FINISHED: '1',
      CACHE_STALE_WHILE_REVALIDATE: '1',
      UPSTREAM_TIMEOUT_MS: '400',
    }
    const app = h.app(env, { fetch: up.fetchImpl })
    const hot = jobs(61, 50)
    await warm(app, hot)
    app.advance(3_000)
    up.reset()
    // a hang: every answer comes long after the worker's upstream timeout
    await h.emulator.setFaults({ latencyMs: 3_000, match: `/jobs/${PROJECT}/` })
    const t0 = performance.now()
    const answers = await Promise.all(
      Array.from({ length: 2000 }, (_, i) => app.request(hot[i % hot.length]!)),
    )
    const warmMs = performance.now() - t0
    const waits = new Map<string, number>()
    answers.forEach((r, i) => {
      if (waited(r)) waits.set(hot[i % hot.length]!, (waits.get(hot[i % hot.length]!) ?? 0) + 1)
    })
    const totalWaits = [...waits.values()].reduce((a, b) => a + b, 0)
    const stale = answers.filter((r) => r.headers.get('x-cache') === 'STALE').length
    console.log(
      `stress: upstream hanging (timeout 400 ms), 2,000 requests for 50 warm jobs: ${totalWaits} waited for upstream (at most ${Math.max(0, ...waits.values())} per key), ${stale} answered stale, ${up.total()} upstream calls, all answered in ${warmMs.toFixed(0)} ms`,
    )
    expect(Math.max(0, ...waits.values())).toBeLessThanOrEqual(1)
    expect(up.total()).toBeLessThanOrEqual(8)
    expect(stale).toBe(2000)

    // cold keys: their requests share the first one's wait (nothing else to serve), then back off
    up.reset()
    const cold = jobs(121, 5)
    const coldAnswers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => app.request(cold[i % cold.length]!)),
    )
    const coldWaits = coldAnswers.filter(waited).length
    const statuses = [...new Set(coldAnswers.map((r) => r.status))]
    const after = await Promise.all(cold.map((p) => app.request(p)))
    console.log(
      `stress: upstream hanging, 100 requests for 5 cold jobs (now inside the back-off window): ${up.total()} upstream calls, ${coldWaits} waited, statuses ${statuses.join('/')}; asked again: ${after.map((r) => r.status).join(',')} without an upstream call`,
    )
    expect(up.total()).toBe(0)
    expect(coldWaits).toBe(0)
    await h.emulator.clearFaults()
  })

  it('upstream hanging, all keys cold: one upstream call per key, joiners share its single wait', async () => {
    const up = countingFetch()
    const app = h.app({ UPSTREAM_TIMEOUT_MS: '400' }, { fetch: up.fetchImpl })
    await h.emulator.setFaults({ latencyMs: 3_000, match: `/jobs/${PROJECT}/` })
    const cold = jobs(131, 5)
    const t0 = performance.now()
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => app.request(cold[i % cold.length]!)),
    )
    const ms = performance.now() - t0
    await h.emulator.clearFaults()
    console.log(
      `stress: upstream hanging, 100 concurrent requests for 5 cold jobs: ${up.total()} upstream calls (at most ${up.maxPerKey()} per key), statuses ${[...new Set(answers.map((r) => r.status))].join('/')}, all answered in ${ms.toFixed(0)} ms (one timeout, not one per request)`,
    )
    expect(up.maxPerKey()).toBe(1)
    expect(answers.every((r) => r.status === 504)).toBe(true)
  })

  it('2,100 distinct non-existent ids leave the hot set served from cache', async () => {
    for (const [label, env] of [
      ['miss budget off', { MISS_BUDGET: '0' }],
      ['default settings, one client', {}],
    ] as const) {
      const up = countingFetch()
      const app = h.app(env, { fetch: up.fetchImpl })
      const hot = jobs(201, 50)
      await warm(app, hot)
      up.reset()
      const statuses = new Map<number, number>()
      for (let wave = 0; wave < 42; wave++) {
        const answers = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            app.request(`/jobs/${PROJECT}/1/${1_000_000 + wave * 50 + i}`),
          ),
        )
        for (const r of answers) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1)
      }
      const misses = up.total()
      const after = await Promise.all(hot.map((p) => app.request(p)))
      const hits = after.filter((r) => r.headers.get('x-cache') === 'HIT').length
      console.log(
        `stress: 2,100 distinct non-existent ids (${label}): ${misses} upstream calls, answers ${[...statuses].map(([s, n]) => `${n}x${s}`).join(' ')}; then the 50 hot jobs: ${hits} HIT, hit ratio ${pct(hits, hot.length)}, ${up.total() - misses} upstream calls`,
      )
      expect(hits).toBe(50)
      expect(up.total()).toBe(misses)
      if (label === 'miss budget off') expect(misses).toBe(2100)
      else expect(misses).toBeLessThanOrEqual(120)
    }
  })
})
