import { describe, expect, it } from 'vitest'
import { PROJECT } from './fixtures.ts'
import { nodeHarness } from './node-harness.ts'
import { cacheSuite } from './suite/cache.ts'
import { JOB_ROUTE } from './suite/harness.ts'

const h = nodeHarness()
cacheSuite(h)

describe('single-flight on Node', () => {
  it('makes exactly 1 upstream request for 500 concurrent requests of one cold job', async () => {
    const app = h.app()
    await h.setFaults({ latencyMs: 50, match: `/jobs/${PROJECT}/1/100` })
    const before = await h.upstreamCount(JOB_ROUTE)
    const answers = await Promise.all(
      Array.from({ length: 500 }, () => app.request(`/jobs/${PROJECT}/1/100`)),
    )
    await h.clearFaults()
    expect(await h.upstreamCount(JOB_ROUTE)).toBe(before + 1)
    expect(answers.every((r) => r.status === 200)).toBe(true)
    const bodies = new Set(await Promise.all(answers.map((r) => r.text())))
    expect(bodies.size).toBe(1)
    const statuses = new Set(answers.map((r) => r.headers.get('x-cache')))
    expect(statuses).toEqual(new Set(['MISS']))
  })

  it('coalesces a burst on one failing job into one upstream request, and shares the failure', async () => {
    const app = h.app()
    await h.setFaults({ errorRate: 1, status: 503, latencyMs: 30, match: `/jobs/${PROJECT}/1/101` })
    const before = await h.upstreamCount(JOB_ROUTE)
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => app.request(`/jobs/${PROJECT}/1/101`)),
    )
    await h.clearFaults()
    expect(await h.upstreamCount(JOB_ROUTE)).toBe(before + 1)
    expect(answers.every((r) => r.status === 503)).toBe(true)
  })
})
