/** A job that does not exist yet: its 404 is cached only briefly, so it reads 200 soon after it appears. */
import { describe, expect, it } from 'vitest'
import { FINISHED_JOBS, PROJECT, TEST_KEY } from './fixtures.ts'
import { nodeHarness } from './node-harness.ts'
import { JOB_ROUTE } from './suite/harness.ts'

const h = nodeHarness()

describe('404 for a job above its spider newest known job (Node)', () => {
  it('is fresh for CACHE_TTL_MISSING_NEWER (3 s), so a job that appears is served within seconds', async () => {
    const app = h.app()
    const next = `/jobs/${PROJECT}/1/${FINISHED_JOBS + 1}`
    // the list makes the newest job of spider 1 known
    expect((await app.request(`/projects/${PROJECT}/jobs?state=finished`)).status).toBe(200)
    const missing = await app.request(next)
    expect(missing.status).toBe(404)
    expect(missing.headers.get('cache-control')).toContain('s-maxage=3,')
    const gone = await app.request(`/jobs/${PROJECT}/1/${FINISHED_JOBS + 1}/state`)
    expect(gone.status).toBe(404)
    expect(gone.headers.get('x-cache')).toBe('HIT')

    // the job appears upstream (JobQ push: the next job number of spider "books")
    const pushed = await fetch(`${h.url()}jobq/${PROJECT}/push`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${TEST_KEY}:`)}` },
      body: JSON.stringify({ spider: 'books' }),
    })
    expect(await pushed.text()).toContain(`${PROJECT}/1/${FINISHED_JOBS + 1}`)

    const before = await h.emulator.count(JOB_ROUTE)
    app.advance(1_000)
    expect((await app.request(next)).status).toBe(404) // still fresh
    app.advance(60_000) // past 3 s and stale-while-revalidate: asked again at once
    const found = await app.request(next)
    expect(found.status).toBe(200)
    expect(found.headers.get('x-cache')).toBe('REVALIDATED')
    expect(((await found.json()) as { state: string }).state).toBe('pending')
    expect(await h.emulator.count(JOB_ROUTE)).toBe(before + 1)
  })

  it('a job below the newest known one that does not exist keeps CACHE_TTL_MISSING', async () => {
    const app = h.app({ CACHE_TTL_MISSING: '45' })
    expect((await app.request(`/jobs/${PROJECT}/4/3`)).status).toBe(200)
    const r = await app.request(`/jobs/${PROJECT}/4/2`)
    expect(r.status).toBe(404)
    expect(r.headers.get('cache-control')).toContain('s-maxage=45,')
  })
})
