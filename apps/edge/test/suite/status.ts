/**
 * The status pages and spider badges, run on Node (app.request) and inside workerd against the
 * emulator seeded with the fixtures: project 777 has `books` (spider 1, 300 finished jobs, every
 * tenth failed, the newest of them too), `quotes` (spider 2, one running and one pending job),
 * `leaky` (spider 3, one finished job whose published fields carry the key) and `gaps` (spider 4,
 * finished jobs 1 and 3).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { allBytes, HIDDEN, leaksKey, PROJECT, TEST_KEY } from '../fixtures.ts'
import type { AppUnderTest, Harness } from './harness.ts'

/** Emulator route keys of the calls behind the pages and badges. */
export const STATUS_ROUTES = {
  last: 'GET /spiders/:project/lastjobsummary',
  spiderLast: 'GET /spiders/:project/:spider/lastjobsummary',
  summary: 'GET /jobq/:project/summary',
  spiderSummary: 'GET /jobq/:project/:spider/summary',
}

const PRIVATE = ['ARG-SECRET', 'ENV-SECRET', 'alice', 'kumo', 'DOWNLOAD_DELAY', 'secret-spider']

async function page(app: AppUnderTest, path: string, init?: RequestInit) {
  const res = await app.request(path, init)
  return { res, html: await res.text() }
}

/** The body rows of the page's table, as their cells' text joined by ' | '. */
function rows(html: string): string[] {
  const body = html.split('<tbody>')[1]?.split('</tbody>')[0] ?? ''
  const text = (cell: string) =>
    cell
      .replace(/<[^>]*>/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  return body
    .split('<tr>')
    .slice(1)
    .map((r) =>
      r
        .split(/<\/t[dh]>/)
        .map(text)
        .filter((cell) => cell !== '')
        .join(' | '),
    )
}

async function sha256(text: string): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return btoa(String.fromCharCode(...new Uint8Array(d)))
}

/** Registers the status page and spider badge tests; `emulatorUrl` is the upstream's base URL. */
export function statusSuite(h: Harness, emulatorUrl: () => string): void {
  const write = async (path: string, lines: Record<string, unknown>[]) => {
    const r = await fetch(`${emulatorUrl()}${path}`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${TEST_KEY}:`)}` },
      body: lines.map((l) => JSON.stringify(l)).join('\n'),
    })
    expect(r.status).toBe(200)
    return r.text()
  }

  describe(`status pages and spider badges (${h.platform})`, () => {
    afterEach(async () => {
      await h.emulator.clearFaults()
    })

    it('GET /status/:project: one row per spider with its last outcome, times, items and strip', async () => {
      const app = await h.makeApp()
      const { res, html } = await page(app, `/status/${PROJECT}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(rows(html)).toEqual([
        expect.stringMatching(
          /^books \| ✗ failed \| \d+d ago \| 800ms \| 300 \| ✓✓✓✓✓✓✓✓✓✗9 ok, 1 failed$/,
        ),
        expect.stringMatching(/^gaps \| ✓ ok \| /),
        expect.stringMatching(/^leaky \| ✓ ok \| /),
        'quotes · running now | no finished run | – | – | – | –',
      ])
      expect(html).toContain(
        '<time datetime="2023-11-14T22:18:20Z" title="2023-11-14 22:18:20 UTC">',
      )
      expect(html).toContain('<a href="/status/777/1"><bdi>books</bdi></a>')
      expect(html).toContain('<i class="ok">✓✓✓✓✓✓✓✓✓</i><i class="failed">✗</i>')
      expect(html).toContain('<caption>4 spiders; last finished runs: 2 ok, 1 failed.')
      expect(html.match(/<th scope="col"/g)).toHaveLength(6)
      expect(html.match(/<th scope="row">/g)).toHaveLength(4)
    })

    it('allows exactly its inline stylesheet by hash and nothing else (no scripts, sandboxed)', async () => {
      const app = await h.makeApp()
      const { res, html } = await page(app, `/status/${PROJECT}`)
      const css = /<style>([^<]*)<\/style>/.exec(html)![1]!
      const csp = res.headers.get('content-security-policy')!
      expect(csp).toBe(
        `default-src 'none'; style-src 'sha256-${await sha256(css)}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox`,
      )
      expect(html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i)
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    })

    it('GET /status/:project/:spider lists recent jobs, each linking to its public JSON', async () => {
      const app = await h.makeApp()
      const books = await page(app, `/status/${PROJECT}/1`)
      expect(books.res.status).toBe(200)
      const r = rows(books.html)
      expect(r).toHaveLength(20)
      expect(r[0]).toMatch(/^777\/1\/300 \| ✗ failed \| \d+d ago \| 800ms \| 300$/)
      expect(r[1]).toMatch(/^777\/1\/299 \| ✓ ok \| \d+d ago \| 800ms \| 299$/)
      expect(books.html).toContain('<a href="/jobs/777/1/300">777/1/300</a>')
      expect(books.html).toContain('20 recent finished jobs (18 ok, 2 failed)')
      const json = await app.request('/jobs/777/1/300')
      expect(((await json.json()) as { outcome: string }).outcome).toBe('failed')

      const quotes = await page(app, `/status/${PROJECT}/2`)
      expect(rows(quotes.html)).toEqual([
        '777/2/2 | ○ pending | queued | – | –',
        expect.stringMatching(/^777\/2\/1 \| ▸ running \| started \d+d ago \| \d+d \d\dh \| –$/),
      ])
      const none = await page(app, `/status/${PROJECT}/9`)
      expect(none.res.status).toBe(200)
      expect(rows(none.html)).toEqual(['No jobs found for this spider.'])
    })

    it('is cached like the JSON: HIT with the same ETag, 304, state-aware lifetime', async () => {
      const app = await h.makeApp()
      for (const [path, ttl] of [
        [`/status/${PROJECT}`, 10], // a running job: CACHE_TTL_ACTIVE
        [`/status/${PROJECT}/1`, 15], // finished jobs only: CACHE_TTL_LIST
      ] as const) {
        const a = await page(app, path)
        expect(a.res.headers.get('x-cache')).toBe('MISS')
        expect(a.res.headers.get('cache-control')).toBe(
          `public, max-age=${ttl}, s-maxage=${ttl}, stale-while-revalidate=30, stale-if-error=86400`,
        )
        const etag = a.res.headers.get('etag')!
        const b = await page(app, path)
        expect(b.res.headers.get('x-cache')).toBe('HIT')
        expect(b.res.headers.get('etag')).toBe(etag)
        expect(b.html).toBe(a.html)
        const c = await app.request(path, { headers: { 'if-none-match': etag } })
        expect(c.status).toBe(304)
        expect(await c.text()).toBe('')
      }
    })

    it('a cold burst makes one upstream call per list behind the page', async () => {
      const app = await h.makeApp()
      const before = await Promise.all(
        [STATUS_ROUTES.last, STATUS_ROUTES.summary].map((r) => h.emulator.count(r)),
      )
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => app.request(`/status/${PROJECT}`)),
      )
      expect(answers.every((r) => r.status === 200)).toBe(true)
      expect(new Set(await Promise.all(answers.map((r) => r.text()))).size).toBe(1)
      expect(await h.emulator.count(STATUS_ROUTES.last)).toBe(before[0]! + 1)
      expect(await h.emulator.count(STATUS_ROUTES.summary)).toBe(before[1]! + 1)
    })

    it('serves a stale copy with a notice when upstream fails, a problem when nothing is cached, then backs off', async () => {
      const app = await h.makeApp()
      const fresh = await page(app, `/status/${PROJECT}`)
      expect(fresh.html).not.toContain('not answering')
      app.advance(120_000) // past the lifetime and stale-while-revalidate
      await h.emulator.setFaults({ errorRate: 1, status: 503 })
      const stale = await page(app, `/status/${PROJECT}`)
      expect(stale.res.status).toBe(200)
      expect(stale.res.headers.get('x-cache')).toBe('STALE')
      expect(stale.html).toContain('Scrapy Cloud is not answering')
      expect(rows(stale.html)).toEqual(rows(fresh.html))
      const cold = await app.request(`/status/${PROJECT}/1`)
      expect(cold.status).toBe(503)
      expect(cold.headers.get('content-type')).toBe('application/problem+json')
      // the failures opened a back-off window: asked again, the pages and badges answer without upstream
      const before = await h.emulator.count()
      for (const path of [`/status/${PROJECT}/1`, `/projects/${PROJECT}/spiders/1/badge.svg`]) {
        const again = await app.request(path)
        expect(again.status, path).toBe(503)
        expect(((await again.json()) as { type: string }).type).toBe(
          'urn:jobmeta:problem:upstream-backoff',
        )
        expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0)
      }
      expect(await h.emulator.count()).toBe(before)
    })

    it('validates before any upstream call: unknown projects, bad ids, unknown parameters; a page past the last is empty', async () => {
      const app = await h.makeApp()
      const before = await h.emulator.count()
      for (const [path, status, kind] of [
        [`/status/${HIDDEN}`, 404, 'not-published'],
        [`/status/${HIDDEN}/1`, 404, 'not-published'],
        [`/projects/${HIDDEN}/spiders/1/badge.svg`, 404, 'not-published'],
        ['/status/0', 400, 'invalid-parameter'],
        ['/status/abc/1', 400, 'invalid-parameter'],
        [`/status/${PROJECT}/01`, 400, 'invalid-parameter'],
        [`/status/${PROJECT}?refresh=5`, 400, 'unknown-parameter'],
        [`/status/${PROJECT}?page=0`, 400, 'invalid-parameter'],
        [`/status/${PROJECT}/1?page=2`, 400, 'unknown-parameter'],
        [
          `/projects/${PROJECT}/spiders/1/badge.svg?label=${'x'.repeat(41)}`,
          400,
          'invalid-parameter',
        ],
        [`/projects/${PROJECT}/spiders/1/badge.png`, 404, 'not-found'],
      ] as const) {
        const r = await app.request(path)
        expect(r.status, path).toBe(status)
        expect(((await r.json()) as { type: string }).type, path).toBe(
          `urn:jobmeta:problem:${kind}`,
        )
      }
      expect(await h.emulator.count()).toBe(before)
      const beyond = await page(app, `/status/${PROJECT}?page=2`)
      expect(beyond.res.status).toBe(200)
      expect(rows(beyond.html)).toEqual(['No spiders on this page.'])
      expect(beyond.html).toContain('Page 2 of 1')
      expect(beyond.html).toContain(`<a href="/status/${PROJECT}">‹ previous</a>`)
    })

    it('shows only published fields and projects, and never the key', async () => {
      const app = await h.makeApp()
      for (const path of [
        `/status/${PROJECT}`,
        `/status/${PROJECT}/1`,
        `/status/${PROJECT}/3`,
        `/projects/${PROJECT}/spiders/3/badge.svg`,
        `/projects/${PROJECT}/spiders/3/badge.json?label=${TEST_KEY}`,
      ]) {
        const r = await app.request(path)
        expect(r.status, path).toBe(200)
        const bytes = await allBytes(r)
        expect(leaksKey(bytes), path).toBe(false)
        for (const s of PRIVATE) expect(bytes, `${s} in ${path}`).not.toContain(s)
      }
      // a narrower PUBLIC_FIELDS: no spider name, close reason, items or run time reaches the page
      const narrow = await h.makeApp({ PUBLIC_FIELDS: 'state' })
      const { html } = await page(narrow, `/status/${PROJECT}`)
      for (const s of ['books', 'quotes', 'leaky', '800ms', '>300<', 'nightly', 'abc123'])
        expect(html, s).not.toContain(s)
      expect(rows(html)[0]).toMatch(/^spider 1 \| ✗ failed \| \d+d ago \| – \| – \| /)
      const one = await page(narrow, `/status/${PROJECT}/1`)
      expect(one.html).not.toContain('books')
      expect(rows(one.html)[0]).toMatch(/^777\/1\/300 \| ✗ failed \| \d+d ago \| – \| –$/)
    })

    it('spider badges show the outcome and items of the newest finished job', async () => {
      const app = await h.makeApp()
      const svg = await app.request(`/projects/${PROJECT}/spiders/1/badge.svg`)
      expect(svg.status).toBe(200)
      expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8')
      const text = await svg.text()
      expect(text).toContain('<title>books: failed · 300 items</title>')
      expect(text).toContain('#cf222e')
      const etag = svg.headers.get('etag')!
      const again = await app.request(`/projects/${PROJECT}/spiders/1/badge.svg`, {
        headers: { 'if-none-match': etag },
      })
      expect(again.status).toBe(304)
      const json = await app.request(`/projects/${PROJECT}/spiders/1/badge.json?label=nightly`)
      expect(await json.json()).toEqual({
        schemaVersion: 1,
        label: 'nightly',
        message: 'failed · 300 items',
        color: 'cf222e',
        labelColor: '3d444d',
        cacheSeconds: 300,
      })
      const none = await app.request(`/projects/${PROJECT}/spiders/2/badge.svg`)
      // no finished job: the badge says so (and, without a row, cannot know the spider's name)
      expect(await none.text()).toContain('<title>spider 2: no finished job</title>')
    })

    it('a spider badge follows the newest finished job once its lifetime is over', async () => {
      const app = await h.makeApp()
      const [first] = JSON.parse(
        `[${(await write(`jobq/${PROJECT}/push`, [{ spider: 'follow', state: 'finished', close_reason: 'finished', scrapystats: { item_scraped_count: 5 } }])).trim()}]`,
      ) as { key: string }[]
      const spider = first!.key.split('/')[1]
      const path = `/projects/${PROJECT}/spiders/${spider}/badge.json`
      const badge = async () => (await (await app.request(path)).json()) as { message: string }
      expect((await badge()).message).toBe('finished · 5 items')

      // a new job goes through its life: pushed, started, finished as failed
      const [next] = JSON.parse(
        `[${(await write(`jobq/${PROJECT}/push`, [{ spider: 'follow' }])).trim()}]`,
      ) as { key: string }[]
      await write(`jobq/${PROJECT}/update`, [{ key: next!.key, state: 'running' }])
      await write(`jobq/${PROJECT}/update`, [
        { key: next!.key, state: 'finished', close_reason: 'failed' },
      ])
      expect((await badge()).message).toBe('finished · 5 items') // still fresh in the cache
      app.advance(15_000 + 30_000 + 1000) // CACHE_TTL_LIST and stale-while-revalidate are over
      const after = await app.request(path)
      expect(after.headers.get('x-cache')).toBe('REVALIDATED')
      expect(((await after.json()) as { message: string }).message).toBe('failed')
    })
  })
}
