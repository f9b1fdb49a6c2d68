/** The security suite: validation before upstream, problem documents, headers, and the key-leak property. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allBytes, HIDDEN, leaksKey, PROJECT, TEST_KEY } from '../fixtures.ts'
import type { AppUnderTest, Harness } from './harness.ts'

const PROBLEM_TYPES_WITHOUT_UPSTREAM = new Set([
  'invalid-parameter',
  'unknown-parameter',
  'invalid-path',
  'not-found',
  'not-published',
  'method-not-allowed',
  'payload-too-large',
  'uri-too-long',
  'rate-limited',
  'headers-too-large',
  // answered from the worker's own state: a back-off window, no free upstream slot
  'upstream-backoff',
  'upstream-busy',
])

async function expectProblem(
  res: Response,
  status: number,
  kind: string,
): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  const p = (await res.json()) as Record<string, unknown>
  expect(p.type).toBe(`urn:jobmeta:problem:${kind}`)
  expect(p.status).toBe(status)
  expect(typeof p.title).toBe('string')
  expect(typeof p.detail).toBe('string')
  return p
}

/** Registers the security tests for a platform; `leakRuns` sizes the fast-check property. */
export function securitySuite(h: Harness, leakRuns: number): void {
  describe(`security (${h.platform})`, () => {
    it('decides every invalid request before any upstream call, with a problem document', async () => {
      const app = await h.makeApp()
      const before = await h.emulator.count()
      const cases: [string, RequestInit | undefined, number, string][] = [
        ['/nope', undefined, 404, 'not-found'],
        ['/jobs/777/1', undefined, 404, 'not-found'],
        ['/jobs/777/1/1/state/extra', undefined, 404, 'not-found'],
        ['/jobs/0/1/1', undefined, 400, 'invalid-parameter'],
        ['/jobs/0777/1/1', undefined, 400, 'invalid-parameter'],
        ['/jobs/abc/1/1', undefined, 400, 'invalid-parameter'],
        ['/jobs/777/1/99999999999', undefined, 400, 'invalid-parameter'],
        ['/jobs/777/1/3000000000', undefined, 400, 'invalid-parameter'],
        ['/jobs/777/-1/1', undefined, 400, 'invalid-parameter'],
        ['/jobs/777/1/1?apikey=x', undefined, 400, 'unknown-parameter'],
        ['/jobs/777/1/1/badge.svg?label=a&label=b', undefined, 400, 'invalid-parameter'],
        [`/jobs/777/1/1/badge.svg?label=${'x'.repeat(41)}`, undefined, 400, 'invalid-parameter'],
        ['/jobs/777/1/1/badge.svg?style=flat', undefined, 400, 'unknown-parameter'],
        ['/jobs/777/1/1/a..b', undefined, 400, 'invalid-parameter'],
        [`/jobs/777/1/1/${'f'.repeat(65)}`, undefined, 400, 'invalid-parameter'],
        ['/jobs/777/1/1/spider_args', undefined, 404, 'not-published'],
        ['/jobs/777/1/1/auth', undefined, 404, 'not-published'],
        ['/jobs/777/1/1/environment', undefined, 404, 'not-published'],
        ['/jobs/777/1/1/_shub_worker', undefined, 404, 'not-published'],
        [`/jobs/${HIDDEN}/1/1`, undefined, 404, 'not-published'],
        [`/projects/${HIDDEN}/jobs`, undefined, 404, 'not-published'],
        ['/projects/777/jobs?count=0', undefined, 400, 'invalid-parameter'],
        ['/projects/777/jobs?count=101', undefined, 400, 'invalid-parameter'],
        ['/projects/777/jobs?state=exploded', undefined, 400, 'invalid-parameter'],
        ['/projects/777/jobs?spider=a/b', undefined, 400, 'invalid-parameter'],
        ['/projects/777/jobs?startts=1', undefined, 400, 'unknown-parameter'],
        // the URL parser resolves %2e%2e as a dot segment before the worker sees it: /jobs/777/1
        ['/jobs/777/1/1/%2e%2e', undefined, 404, 'not-found'],
        ['/jobs/777/1/1/a%2e%2e', undefined, 400, 'invalid-path'],
        ['/jobs/777/1/1/a%2Fb', undefined, 400, 'invalid-path'],
        ['/jobs/777/1/1/a%5Cb', undefined, 400, 'invalid-path'],
        ['/jobs/777/1/1/%00', undefined, 400, 'invalid-path'],
        ['/jobs/777/1/1/%0d%0aX-Injected:1', undefined, 400, 'invalid-path'],
        ['/jobs//777/1/1', undefined, 400, 'invalid-path'],
        [`/jobs/777/1/1/${'a'.repeat(600)}`, undefined, 414, 'uri-too-long'],
        [`/projects/777/jobs?tag=${'a'.repeat(2000)}`, undefined, 414, 'uri-too-long'],
        ['/jobs/777/1/1', { method: 'POST', body: 'x' }, 405, 'method-not-allowed'],
        ['/jobs/777/1/1', { method: 'PUT' }, 405, 'method-not-allowed'],
        ['/jobs/777/1/1', { method: 'DELETE' }, 405, 'method-not-allowed'],
        ['/jobs/777/1/1', { method: 'PATCH' }, 405, 'method-not-allowed'],
        ['/jobs/777/1/1', { headers: { 'content-length': '5' } }, 413, 'payload-too-large'],
        ['/jobs/777/1/1', { headers: { 'x-big': 'y'.repeat(17_000) } }, 431, 'headers-too-large'],
      ]
      for (const [path, init, status, kind] of cases) {
        const r = await app.request(path, init)
        const p = await expectProblem(r, status, kind).catch((e) => {
          throw new Error(`${init?.method ?? 'GET'} ${path.slice(0, 80)}: ${e}`)
        })
        expect(r.headers.get('x-cache')).toBe('MISS')
        expect(r.headers.get('server-timing')).toMatch(/total;dur=/)
        expect(r.headers.get('x-content-type-options')).toBe('nosniff')
        if (status === 405) expect(r.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
        expect(JSON.stringify(p).length).toBeLessThan(1000)
      }
      expect(await h.emulator.count()).toBe(before)
    })

    it('answers OPTIONS preflights for GET/HEAD, and applies configured CORS origins', async () => {
      const app = await h.makeApp({ CORS_ORIGINS: 'https://ok.example' })
      const pre = await app.request('/jobs/777/1/1', {
        method: 'OPTIONS',
        headers: { origin: 'https://ok.example', 'access-control-request-method': 'GET' },
      })
      expect(pre.status).toBe(204)
      expect(pre.headers.get('access-control-allow-origin')).toBe('https://ok.example')
      expect(pre.headers.get('access-control-allow-methods')).toBe('GET, HEAD')
      const bad = await app.request('/healthz', { headers: { origin: 'https://evil.example' } })
      expect(bad.headers.get('access-control-allow-origin')).toBeNull()
      expect(bad.headers.get('vary')).toContain('Origin')
      const open = await (await h.makeApp()).request('/healthz', {
        headers: { origin: 'https://any.example' },
      })
      expect(open.headers.get('access-control-allow-origin')).toBe('*')
    })

    it('rate-limits per client when RATE_LIMIT is set (healthz exempt)', async () => {
      const app = await h.makeApp({ RATE_LIMIT: '2', RATE_LIMIT_WINDOW: '60' })
      const hdr = { headers: { 'cf-connecting-ip': '203.0.113.9' } }
      expect((await app.request('/openapi.json', hdr)).status).toBe(200)
      expect((await app.request('/openapi.json', hdr)).status).toBe(200)
      const third = await app.request('/openapi.json', hdr)
      await expectProblem(third, 429, 'rate-limited')
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0)
      expect((await app.request('/healthz', hdr)).status).toBe(200)
      expect(
        (await app.request('/openapi.json', { headers: { 'cf-connecting-ip': '203.0.113.10' } }))
          .status,
      ).toBe(200)
    })

    it('scrubs the key from published data and from echoed input', async () => {
      const app = await h.makeApp({ PUBLIC_FIELDS: 'default' })
      const paths = [
        `/jobs/${PROJECT}/3/1`,
        `/jobs/${PROJECT}/3/1/version`,
        `/jobs/${PROJECT}/3/1/tags`,
        `/jobs/${PROJECT}/3/1/badge.svg`,
        `/jobs/${PROJECT}/3/1/badge.json?label=${TEST_KEY}`,
        `/jobs/${PROJECT}/3/1/badge.svg?label=${TEST_KEY}`,
        `/jobs/${PROJECT}/3/1?${TEST_KEY}=1`,
        `/projects/${PROJECT}/jobs?spider=leaky&tag=${TEST_KEY}`,
        `/projects/${PROJECT}/jobs?count=${TEST_KEY}`,
        `/jobs/${PROJECT}/1/${TEST_KEY}`,
        `/status/${PROJECT}`,
        `/status/${PROJECT}/3`,
        `/status/${PROJECT}?${TEST_KEY}=1`,
        `/projects/${PROJECT}/spiders/3/badge.svg?label=${TEST_KEY}`,
        '/openapi.json',
        '/healthz',
      ]
      for (const p of paths) {
        const r = await app.request(p, {
          headers: { authorization: `Basic ${btoa(`${TEST_KEY}:`)}` },
        })
        expect(r.status).toBeLessThan(500)
        expect(leaksKey(await allBytes(r))).toBe(false)
      }
      const v = await app.request(`/jobs/${PROJECT}/3/1/version`)
      expect(await v.json()).toBe('[redacted]')
    })

    it('problem documents never echo client input: neither a guess of the key nor any other text', async () => {
      const app = await h.makeApp()
      const guess = TEST_KEY
      const other = 'Zq9~probe~text\u202e'
      for (const input of [guess, other]) {
        const enc = encodeURIComponent(input)
        for (const path of [
          `/jobs/${PROJECT}/1/1?${enc}=1`,
          `/jobs/${PROJECT}/1/1?x=${enc}`,
          `/jobs/${PROJECT}/1/1/badge.svg?label=${enc}&label=2`,
          `/jobs/${PROJECT}/1/1/badge.svg?${enc}=1`,
          `/projects/${PROJECT}/jobs?count=${enc}`,
          `/projects/${PROJECT}/jobs?state=${enc}`,
          `/projects/${PROJECT}/jobs?${enc}=1&${enc}=2`,
          `/projects/${PROJECT}/jobs?__proto__=${enc}`,
          `/jobs/${PROJECT}/1/${enc}`,
          `/jobs/${PROJECT}/1/1/${'f'.repeat(70)}`,
        ]) {
          const r = await app.request(path)
          expect(r.status, path).toBe(400)
          const text = await r.text()
          expect(text, path).not.toContain('[redacted]')
          expect(text, path).not.toContain(guess.slice(0, 12))
          expect(text, path).not.toContain('Zq9')
          expect(text, path).not.toContain('\u202e')
          expect(text, path).not.toContain('fffff')
        }
      }
      const proto = await app.request(`/jobs/${PROJECT}/1/1?__proto__=x`)
      expect(((await proto.json()) as { type: string }).type).toBe(
        'urn:jobmeta:problem:unknown-parameter',
      )
    })

    it(`never answers 500, never calls upstream for an invalid request, never leaks the key (${leakRuns} generated requests)`, async () => {
      const app = await h.makeApp({ RATE_LIMIT: '0', MISS_BUDGET: '0' })
      const segment = fc.oneof(
        fc.constantFrom(
          '777',
          '888',
          '1',
          '2',
          '3',
          '9',
          '0',
          '-1',
          '01',
          '1e3',
          '0x10',
          '99999999999',
          '4294967297',
        ),
        fc.constantFrom(
          'state',
          'spider',
          'tags',
          'outcome',
          'spider_args',
          'auth',
          'environment',
          '__proto__',
          'constructor',
        ),
        fc.constantFrom(
          'badge.svg',
          'badge.json',
          'jobs',
          'projects',
          'healthz',
          'openapi.json',
          '__emulator',
          'stats',
        ),
        fc.constantFrom(
          '..',
          '.',
          '%2e%2e',
          '%2F',
          '%2f',
          '%5c',
          '%00',
          '%0d%0a',
          'a%2Fb',
          '..%2F..%2Fjobq',
          '%252F',
          '%u002F',
        ),
        fc.constantFrom(
          'ünï',
          '@evil.example',
          'http:',
          'a;b',
          'a b',
          '~',
          'x'.repeat(300),
          TEST_KEY,
        ),
        fc.string({ maxLength: 12 }).map(encodeURIComponent),
        fc.string({ maxLength: 8, unit: 'binary' }),
      )
      const path = fc.oneof(
        fc
          .tuple(
            fc.constantFrom(
              '/jobs',
              '/projects',
              '/status',
              '',
              '/healthz',
              '/openapi.json',
              '/__emulator',
            ),
            fc.array(segment, { maxLength: 6 }),
          )
          .map(([p, segs]) => `${p}/${segs.join('/')}`),
        fc
          .tuple(
            fc.constantFrom(1, 2, 3, 9),
            fc.integer({ min: 1, max: 320 }),
            fc.constantFrom('', '/state', '/badge.svg', '/badge.json', '/tags'),
          )
          .map(([s, j, tail]) => `/jobs/${PROJECT}/${s}/${j}${tail}`),
        fc.constant(`/projects/${PROJECT}/jobs`),
        fc
          .tuple(
            fc.constantFrom('', '/1', '/2', '/3', '/9'),
            fc.constantFrom('', '?page=1', '?page=2'),
          )
          .map(([s, q]) => `/status/${PROJECT}${s}${q}`),
        fc
          .tuple(fc.constantFrom(1, 2, 3, 9), fc.constantFrom('badge.svg', 'badge.json'))
          .map(([s, b]) => `/projects/${PROJECT}/spiders/${s}/${b}`),
      )
      const qvalue = fc.oneof(
        fc.constantFrom(
          'finished',
          'running',
          'books',
          '1',
          '5',
          '100',
          '1000',
          '-3',
          '',
          'nightly',
          TEST_KEY,
        ),
        fc.string({ maxLength: 20 }),
        fc.constantFrom('x'.repeat(3000), '%0d%0aSet-Cookie:%20a=b', '<script>', '"\'&'),
      )
      const query = fc
        .array(
          fc.tuple(
            fc.constantFrom(
              'state',
              'spider',
              'tag',
              'count',
              'label',
              'page',
              'apikey',
              'format',
              'callback',
              '__proto__',
            ),
            qvalue,
          ),
          { maxLength: 4 },
        )
        .map((pairs) =>
          pairs.length === 0
            ? ''
            : `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`,
        )
      const method = fc.constantFrom(
        'GET',
        'GET',
        'GET',
        'HEAD',
        'POST',
        'PUT',
        'DELETE',
        'PATCH',
        'OPTIONS',
        'PROPFIND',
        'get',
        'FOO',
      )
      const headers = fc.dictionary(
        fc.constantFrom(
          'authorization',
          'cookie',
          'x-forwarded-host',
          'if-none-match',
          'origin',
          'x-custom',
          'range',
          'accept',
          'content-type',
        ),
        fc.oneof(
          {
            arbitrary: fc.constantFrom(
              `Basic ${btoa('attacker:')}`,
              'session=abc',
              'evil.example',
              '*',
              'https://evil.example',
              'bytes=0-1',
              'a'.repeat(20_000),
            ),
            weight: 6,
          },
          { arbitrary: fc.string({ maxLength: 30 }), weight: 6 },
          // header injection: the platform refuses to build such a request, so it never reaches the worker
          { arbitrary: fc.constantFrom('a\r\nx-injected: 1', 'a\nb', 'a\u0000b'), weight: 1 },
        ),
        { maxKeys: 4 },
      )
      const body = fc.option(fc.string({ maxLength: 50 }), { nil: undefined })

      let checked = 0
      await fc.assert(
        fc.asyncProperty(method, path, query, headers, body, async (m, p, q, hd, b) => {
          let init: RequestInit
          try {
            init = {
              method: m,
              headers: new Headers(hd),
              ...(b !== undefined && !['GET', 'HEAD', 'get'].includes(m) ? { body: b } : {}),
            }
            new Request(`http://localhost${p}${q}`, init)
          } catch {
            return // the platform refuses to even build this request: nothing reaches the worker
          }
          const before = await h.emulator.count()
          let res: Response
          try {
            res = await app.request(`${p}${q}`, init)
          } catch {
            return // the platform refuses to build the Request object (invalid URL)
          }
          checked++
          const bytes = await allBytes(res)
          const after = await h.emulator.count()
          expect(leaksKey(bytes)).toBe(false)
          expect(res.status).not.toBe(500)
          expect(res.headers.get('x-cache')).not.toBeNull()
          expect(res.headers.get('server-timing')).not.toBeNull()
          expect(res.headers.get('x-content-type-options')).toBe('nosniff')
          if (res.status >= 400 && m.toUpperCase() !== 'HEAD') {
            const doc = JSON.parse(bytes.slice(bytes.indexOf('\n\n') + 2)) as Record<
              string,
              unknown
            >
            expect(doc.status).toBe(res.status)
            const kind = String(doc.type).replace('urn:jobmeta:problem:', '')
            if (PROBLEM_TYPES_WITHOUT_UPSTREAM.has(kind)) expect(after).toBe(before)
            else if (res.status >= 502) expect(after).toBeGreaterThan(before)
            // a problem document never echoes the client: no '[redacted]' to tell a guess of the key
            expect(JSON.stringify(doc)).not.toContain('[redacted]')
          }
          if (
            res.status === 400 ||
            res.status === 405 ||
            res.status === 413 ||
            res.status === 414 ||
            res.status === 431
          ) {
            expect(after).toBe(before)
          }
        }),
        { numRuns: leakRuns, seed: 4242, endOnFailure: true },
      )
      expect(checked).toBeGreaterThan(leakRuns * 0.7)
    }, 120_000)
  })
}

/** Fetches every route once and returns the answers (used to check headers on every route). */
export async function everyRoute(app: AppUnderTest): Promise<Record<string, Response>> {
  const out: Record<string, Response> = {}
  for (const p of [
    `/jobs/${PROJECT}/1/1`,
    `/jobs/${PROJECT}/1/1/state`,
    `/jobs/${PROJECT}/1/1/badge.svg`,
    `/jobs/${PROJECT}/1/1/badge.json`,
    `/projects/${PROJECT}/jobs`,
    `/projects/${PROJECT}/spiders/1/badge.svg`,
    `/projects/${PROJECT}/spiders/1/badge.json`,
    `/status/${PROJECT}`,
    `/status/${PROJECT}/1`,
    '/healthz',
    '/openapi.json',
  ]) {
    out[p] = await app.request(p)
  }
  return out
}
