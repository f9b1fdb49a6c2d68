import { startEmulator } from '@jobmeta/emulator/node'
import { describe, expect, it } from 'vitest'
import { createClient } from './client.ts'
import { BadRequestError, NetworkError, ServerError } from './errors.ts'
import { anySignal, Transport } from './transport.ts'

describe('Transport', () => {
  it('builds URLs with repeated params, base URLs with or without a slash, and query auth', () => {
    const t = new Transport({
      storageUrl: 'http://h:1/base',
      jobqUrl: 'http://q/',
      apikey: 'K'.repeat(32),
      authMode: 'query',
    })
    const url = t.url({
      method: 'GET',
      base: 'jobq',
      path: 'jobq/1/list',
      query: { state: ['a', 'b'], count: 2, x: undefined },
      idempotent: true,
    })
    expect(url).toBe(`http://q/jobq/1/list?state=a&state=b&count=2&apikey=${'K'.repeat(32)}`)
    expect(t.url({ method: 'GET', base: 'storage', path: 'jobs/1/2/3', idempotent: true })).toMatch(
      /^http:\/\/h:1\/base\/jobs\/1\/2\/3\?apikey=/,
    )
    expect(t.redact(url)).not.toContain('K'.repeat(32))
  })
  it('joins safe paths to the base as the URL parser would, and parses the others', () => {
    const t = new Transport({ storageUrl: 'http://h:1/base/' })
    const paths = [
      'jobs/1/2/3',
      `ids/1/spider/${encodeURIComponent("a b/é!~*'()")}`,
      'jobs/1/2/3/a.b',
      'jobs/1/2/3/..',
      'jobs/1/./2',
      '../x',
      '/root',
      '//other.host/x',
      'a\\b',
      'a b',
      'x:y',
    ]
    for (const path of paths) {
      const spec = { method: 'GET', base: 'storage', path, idempotent: true } as const
      expect(t.url(spec), path).toBe(new URL(path, 'http://h:1/base/').toString())
      const withQuery = t.url({ ...spec, query: { a: ['1', 2], b: 'x y', c: undefined } })
      const expected = new URL(path, 'http://h:1/base/')
      expected.search = 'a=1&a=2&b=x+y'
      expect(withQuery, path).toBe(expected.toString())
    }
  })
  it('defaults follow the spec', () => {
    const t = new Transport()
    expect(t.storageUrl).toBe('https://storage.scrapinghub.com/')
    expect(t.jobqUrl).toBe(t.storageUrl)
    expect(t.timeoutMs).toBe(60000)
    expect(t.validation).toBe('warn')
    expect(t.policy.attempts).toBe(4)
  })
})

describe('anySignal', () => {
  it('fires when any input fires', () => {
    const a = new AbortController()
    const b = new AbortController()
    const s = anySignal([a.signal, undefined, b.signal])!
    expect(s.aborted).toBe(false)
    b.abort()
    expect(s.aborted).toBe(true)
    expect(anySignal([undefined])).toBeUndefined()
    expect(anySignal([a.signal])).toBe(a.signal)
  })
})

describe('Transport.lines timeout', () => {
  it('counts only waits on the server, not the time the consumer holds a row', async () => {
    // a body far larger than the socket buffers, so the response is still streaming while the
    // consumer dawdles over its first row
    const tag = 'x'.repeat(4096)
    const seed = Array.from({ length: 2000 }, (_, i) => ({
      key: `7/1/${i + 1}`,
      state: 'finished',
      finished_time: 1_700_000_000_000 + i,
      tags: [tag],
    }))
    const server = await startEmulator({ port: 0, seed, apikeys: { k: '*' } })
    try {
      const client = createClient({
        apikey: 'k',
        storageUrl: server.url,
        timeoutMs: 1000,
        retry: false,
      })
      let rows = 0
      for await (const _ of client.jobs(7).list()) {
        // a slow consumer (e.g. one request per row), well past timeoutMs
        if (rows++ === 0) await new Promise((resolve) => setTimeout(resolve, 2000))
      }
      expect(rows).toBe(2000)
    } finally {
      await server.close()
    }
  })
})

describe('error bodies', () => {
  it('reads only the start of an error body, so a huge one cannot exhaust memory', async () => {
    // no real server sends this, so a fetch stands in for a broken front proxy
    let sent = 0
    const chunk = new TextEncoder().encode('<html><body><h1>500 Oops</h1>'.padEnd(65536, ' '))
    const client = createClient({
      apikey: 'k',
      retry: false,
      fetch: async () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(c) {
              // 64 MiB, then the end (a bound only so that the old behaviour fails instead of hanging)
              if (sent >= 64 * 1024 * 1024) return c.close()
              sent += chunk.byteLength
              c.enqueue(chunk)
            },
          }),
          { status: 500, headers: { 'content-type': 'text/html' } },
        ),
    })
    const error = await client
      .job('1/2/3')
      .get()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ServerError)
    expect((error as ServerError).message).toMatch(/-> 500: 500 Oops$/)
    expect((error as ServerError).body?.length).toBeLessThanOrEqual(4096)
    expect(sent).toBeLessThan(1024 * 1024)
  })
})

describe('redaction', () => {
  it('a key given as user info of the base URL stays out of network error messages', async () => {
    const client = createClient({
      storageUrl: 'http://SECRETKEY1234:@127.0.0.1:9/',
      retry: false,
    })
    const error = await client
      .job('1/2/3')
      .get()
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkError)
    const e = error as NetworkError
    expect(e.message).toMatch(/^GET http:\/\/127\.0\.0\.1:9\/jobs\/1\/2\/3 failed: /)
    for (const text of [e.message, e.url ?? '', String(e.stack)])
      expect(text).not.toContain('SECRETKEY1234')
  })
  it('removes the Basic token from an error body that echoes the Authorization header', async () => {
    const key = '0123456789abcdef0123456789abcdef'
    // a stand-in for a proxy's debug page, which no real part of this project produces
    const echo = async (input: RequestInfo | URL, init?: RequestInit) => {
      const auth = new Request(input, init).headers.get('authorization') ?? ''
      return new Response(`bad request; you sent Authorization: ${auth}`, { status: 400 })
    }
    for (const options of [{ apikey: key }, { jobAuth: '1/2/3:eyJ.secret-jwt.sig' }]) {
      const client = createClient({ ...options, retry: false, fetch: echo })
      const token = btoa(options.apikey ? `${key}:` : '1/2/3:eyJ.secret-jwt.sig')
      const error = await client
        .job('1/2/3')
        .get()
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(BadRequestError)
      const e = error as BadRequestError
      expect(e.body).toContain('Authorization: Basic REDACTED')
      for (const text of [e.message, e.body ?? '', String(e.stack)])
        expect(text).not.toContain(token)
    }
  })
})

describe('request headers', () => {
  it('sends writes as application/json and reads without a content type', async () => {
    // records what reaches fetch: the emulator does not report request headers
    const seen: Request[] = []
    const record = async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Request(input, init))
      return new Response('{"state": "finished"}', { status: 200 })
    }
    const client = createClient({ apikey: 'k', retry: false, fetch: record })
    await client.job('1/2/3').set('note', { a: 1 })
    await client.job('1/2/3').get()
    const [write, read] = seen as [Request, Request]
    expect(write.method).toBe('POST')
    expect(write.headers.get('content-type')).toBe('application/json')
    expect(write.headers.get('accept')).toBe('application/json')
    expect(await write.text()).toBe('{"a":1}')
    expect(read.method).toBe('GET')
    expect(read.headers.get('content-type')).toBeNull()
    expect(read.headers.get('user-agent')).toMatch(/^jobmeta-core\//)
  })
})
