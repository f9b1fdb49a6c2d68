import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import type { JobSeed } from '@jobmeta/emulator'
import { startEmulator } from '@jobmeta/emulator/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../client.ts'
import { JobNotFoundError, NetworkError, TimeoutError, UnauthorizedError } from '../errors.ts'
import { createNodeFetch, type NodeResponse } from './fetch.ts'

const TEST_KEY = 'feedfacefeedfacefeedfacefeedface'
const auth = { authorization: `Basic ${btoa(`${TEST_KEY}:`)}` }
const T0 = Date.UTC(2026, 10, 29, 8)
/** Five jobs of project 1: three finished, one running, one pending. */
const SEED: JobSeed[] = [
  { key: '1/1/1', spider: 'books', state: 'finished', finished_time: T0 - 50 },
  { key: '1/2/2', spider: 'quotes', state: 'finished', finished_time: T0 - 30 },
  { key: '1/1/3', spider: 'books', state: 'finished', finished_time: T0 - 15 },
  { key: '1/2/4', spider: 'quotes', state: 'running', running_time: T0 - 9 },
  { key: '1/1/5', spider: 'books', state: 'pending', pending_time: T0 - 1 },
]

/** The emulator on 127.0.0.1, and a client of it on the global fetch (the reference). */
async function startServer() {
  const server = await startEmulator({ seed: SEED, apikeys: { [TEST_KEY]: '*' } })
  const client = createClient({ apikey: TEST_KEY, storageUrl: server.url, retry: false })
  return { ...server, client }
}
let emu: Awaited<ReturnType<typeof startServer>>
const nodeFetch = createNodeFetch()
const call = (url: string | URL, init?: RequestInit) =>
  nodeFetch(url, init) as unknown as Promise<NodeResponse>

/**
 * A front server on another port for what the emulator does not do: redirects (to itself or to
 * the emulator, another origin), compressed bodies of the emulator's answers, and connection counts.
 */
let front: Server
let frontUrl: string
let connections = 0
const servedOn = new WeakMap<object, number>()
const seenAuth: (string | undefined)[] = []

beforeAll(async () => {
  emu = await startServer()
  front = createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', frontUrl)
    seenAuth.push(req.headers.authorization)
    const hop = u.searchParams.get('hop')
    if (u.pathname.startsWith('/redirect/')) {
      const [, , code, where] = u.pathname.split('/')
      const target =
        where === 'emulator' ? new URL('jobs/1/1/1', emu.url) : new URL('/echo', frontUrl)
      res.writeHead(Number(code), { location: target.href }).end('moved')
      return
    }
    if (u.pathname === '/drop-reused') {
      // answers the first request of a connection; drops the connection on any later one, as a
      // server does that closes an idle kept-alive connection just as the client reuses it
      const served = (servedOn.get(req.socket) ?? 0) + 1
      servedOn.set(req.socket, served)
      if (served > 1) req.socket.destroy()
      else res.end(`${req.method} answered`)
      return
    }
    if (u.pathname === '/loop') {
      res.writeHead(302, { location: `/loop?hop=${Number(hop ?? 0) + 1}` }).end()
      return
    }
    if (u.pathname === '/echo') {
      let body = ''
      for await (const c of req) body += c
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ method: req.method, headers: req.headers, body }))
      return
    }
    // /gzip/jobs/1/1/1 -> the emulator's /jobs/1/1/1, compressed; /lines/... -> one chunk a line
    const [, coding, ...rest] = u.pathname.split('/')
    const upstream = await fetch(new URL(`${rest.join('/')}${u.search}`, emu.url), {
      headers: auth,
    })
    if (coding === 'lines') {
      res.writeHead(200, { 'content-type': 'application/x-jsonlines' })
      for (const line of (await upstream.text()).split(/(?<=\n)/)) {
        res.write(line)
        await new Promise((r) => setTimeout(r, 2))
      }
      res.end()
      return
    }
    const plain = Buffer.from(await upstream.arrayBuffer())
    const packed =
      coding === 'gzip'
        ? gzipSync(plain)
        : coding === 'deflate'
          ? deflateSync(plain)
          : brotliCompressSync(plain)
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding })
    res.end(packed)
  })
  front.on('connection', () => connections++)
  front.listen(0, '127.0.0.1')
  await once(front, 'listening')
  frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}/`
})

afterAll(async () => {
  front.closeAllConnections()
  await new Promise((r) => front.close(r))
  await emu.close()
})

afterEach(() => emu.emulator.faults.clear())

describe('createNodeFetch against the emulator', () => {
  it('answers a GET with the bytes, status and headers Node’s own fetch gets', async () => {
    const url = new URL('jobs/1/1/1', emu.url)
    const ours = await call(url, { headers: auth })
    const theirs = await fetch(url, { headers: auth })
    expect(ours.status).toBe(200)
    expect(ours.ok).toBe(true)
    expect(ours.statusText).toBe(theirs.statusText)
    expect(ours.headers.get('Content-Type')).toBe(theirs.headers.get('content-type'))
    expect([...ours.headers.keys()]).toEqual([...theirs.headers.keys()])
    expect(await ours.text()).toBe(await theirs.text())
    expect(ours.url).toBe(url.href)
    expect(ours.redirected).toBe(false)
  })

  it('reads a body once: a second read is refused', async () => {
    const res = await call(new URL('jobs/1/1/1', emu.url), { headers: auth })
    expect(((await res.json()) as { spider: string }).spider).toBe('books')
    expect(res.bodyUsed).toBe(true)
    await expect(res.text()).rejects.toThrow(/already been read/)
  })

  it('streams a chunked JSON-lines listing through body.getReader(), chunk by chunk', async () => {
    const res = await call(new URL('/lines/jobq/1/list?state=finished&state=running', frontUrl))
    expect(res.headers.get('content-length')).toBeNull()
    expect(res.headers.get('transfer-encoding')).toBe('chunked')
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    let text = ''
    let chunks = 0
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      chunks++
      text += new TextDecoder().decode(r.value)
    }
    expect(chunks).toBeGreaterThan(1)
    const keys = text
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { key: string }).key)
    expect(keys.sort()).toEqual(['1/1/1', '1/1/3', '1/2/2', '1/2/4'])
  })

  it('takes headers as a record, as pairs and as a Headers object', async () => {
    const url = new URL('jobs/1/1/1', emu.url)
    for (const headers of [auth, Object.entries(auth), new Headers(auth)]) {
      expect((await call(url, { headers })).status).toBe(200)
    }
    expect((await call(url)).status).toBe(401)
  })

  it('sends a string body with its length and fetch’s default content type', async () => {
    const res = await call(new URL('/echo', frontUrl), { method: 'post', body: '{"a":"é"}' })
    const echo = (await res.json()) as {
      method: string
      headers: Record<string, string>
      body: string
    }
    expect(echo.method).toBe('POST')
    expect(echo.body).toBe('{"a":"é"}')
    expect(echo.headers['content-length']).toBe('10')
    expect(echo.headers['content-type']).toBe('text/plain;charset=UTF-8')
    expect(echo.headers['accept-encoding']).toBe('gzip, deflate, br')
  })

  it('refuses a body on GET, an unsupported body, a bad header value and a non-HTTP URL', async () => {
    await expect(call(frontUrl, { body: 'x' })).rejects.toThrow(TypeError)
    await expect(
      call(frontUrl, { method: 'POST', body: new Blob(['x']) as unknown as string }),
    ).rejects.toThrow(/unsupported body/)
    await expect(call(frontUrl, { headers: { 'x-a': 'b\r\nx-injected: 1' } })).rejects.toThrow(
      TypeError,
    )
    await expect(call('file:///etc/passwd')).rejects.toThrow(/unsupported URL scheme/)
  })

  it.each(['gzip', 'deflate', 'br'])('decodes a %s body', async (coding) => {
    const res = await call(new URL(`/${coding}/jobs/1/1/1`, frontUrl))
    expect(res.headers.get('content-encoding')).toBe(coding)
    expect(((await res.json()) as { key?: string; spider: string }).spider).toBe('books')
  })

  it('follows 301, 302, 303, 307 and 308 within an origin, keeping the credentials', async () => {
    for (const code of [301, 302, 303, 307, 308]) {
      seenAuth.length = 0
      const res = await call(new URL(`/redirect/${code}/self`, frontUrl), { headers: auth })
      expect(res.status).toBe(200)
      expect(res.redirected).toBe(true)
      expect(res.url).toBe(new URL('/echo', frontUrl).href)
      expect(seenAuth).toEqual([auth.authorization, auth.authorization])
      await res.text()
    }
  })

  it('turns a redirected POST into a GET on 303 and keeps it a POST on 307', async () => {
    const after = async (code: number) =>
      (await (
        await call(new URL(`/redirect/${code}/self`, frontUrl), { method: 'POST', body: 'x=1' })
      ).json()) as { method: string; body: string; headers: Record<string, string> }
    const see = await after(303)
    expect([see.method, see.body, see.headers['content-type']]).toEqual(['GET', '', undefined])
    const temp = await after(307)
    expect([temp.method, temp.body]).toEqual(['POST', 'x=1'])
  })

  it('drops Authorization on a redirect to another origin, as fetch does', async () => {
    const res = await call(new URL('/redirect/302/emulator', frontUrl), { headers: auth })
    expect(res.url).toBe(new URL('jobs/1/1/1', emu.url).href)
    expect(res.status).toBe(401)
    await res.text()
  })

  it('returns the redirect with redirect: manual, fails it with redirect: error, stops loops', async () => {
    const manual = await call(new URL('/redirect/302/self', frontUrl), { redirect: 'manual' })
    expect(manual.status).toBe(302)
    expect(manual.headers.get('location')).toBe(new URL('/echo', frontUrl).href)
    expect(await manual.text()).toBe('moved')
    await expect(
      call(new URL('/redirect/302/self', frontUrl), { redirect: 'error' }),
    ).rejects.toMatchObject({ message: 'fetch failed', cause: { message: 'unexpected redirect' } })
    await expect(call(new URL('/loop', frontUrl))).rejects.toMatchObject({
      cause: { message: 'redirect count exceeded' },
    })
  })

  it('refuses a URL with credentials without repeating them, as fetch does', async () => {
    const err = await call('http://user:SECRET@127.0.0.1:1/').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TypeError)
    expect(String((err as Error).message)).not.toContain('SECRET')
  })

  it('reaches an IPv6 literal host', async () => {
    const v6 = createServer((_req, res) => res.end('over IPv6'))
    v6.listen(0, '::1')
    await once(v6, 'listening')
    try {
      const res = await call(`http://[::1]:${(v6.address() as AddressInfo).port}/x?y=1`)
      expect(await res.text()).toBe('over IPv6')
    } finally {
      v6.closeAllConnections()
      v6.close()
    }
  })

  it('rejects with "fetch failed" and the socket error as cause when nothing listens', async () => {
    const err = await call('http://127.0.0.1:1/').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TypeError)
    expect(err).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } })
  })

  it('rejects with "fetch failed" on a connection reset before the answer', async () => {
    // twice: a reset on a reused connection is sent once more (see below)
    emu.emulator.faults.set({ resetRate: 1, times: 2 })
    await expect(call(new URL('jobs/1/1/1', emu.url), { headers: auth })).rejects.toMatchObject({
      message: 'fetch failed',
    })
  })

  it('fails the body read of a body cut short (declared length not reached)', async () => {
    emu.emulator.faults.set({ truncateRate: 1, times: 1 })
    const res = await call(new URL('jobs/1/1/1', emu.url), { headers: auth })
    expect(res.status).toBe(200)
    await expect(res.text()).rejects.toThrow(/aborted/)
  })

  it('rejects with the signal’s reason: aborted before, while waiting, and while reading', async () => {
    const url = new URL('jobs/1/1/1', emu.url)
    const before = new AbortController()
    before.abort(new Error('stop'))
    await expect(call(url, { headers: auth, signal: before.signal })).rejects.toThrow('stop')

    emu.emulator.faults.set({ latencyMs: 5_000, times: 1 })
    const waiting = new AbortController()
    const pending = call(url, { headers: auth, signal: waiting.signal })
    setTimeout(() => waiting.abort(), 50)
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })

    const reading = new AbortController()
    const res = await call(new URL('jobq/1/list', emu.url), {
      headers: auth,
      signal: reading.signal,
    })
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    reading.abort()
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return 'ended'
      })(),
    ).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('reuses one connection for sequential requests (keep-alive)', async () => {
    const before = connections
    for (let i = 0; i < 5; i++) await (await call(new URL('/echo', frontUrl))).text()
    expect(connections - before).toBeLessThanOrEqual(1)
  })

  it('sends an idempotent request again, once, when the kept-alive connection it reused is gone', async () => {
    const url = new URL('/drop-reused', frontUrl)
    const own = createNodeFetch() as unknown as typeof call
    const before = connections
    expect(await (await own(url)).text()).toBe('GET answered')
    expect(await (await own(url)).text()).toBe('GET answered')
    expect(connections - before).toBe(2)
    // a POST is not sent twice: the caller decides
    await expect(own(url, { method: 'POST', body: 'x' })).rejects.toMatchObject({
      message: 'fetch failed',
      cause: { code: 'ECONNRESET' },
    })
  })

  it('does not keep the process alive with an idle keep-alive socket', async () => {
    const module = fileURLToPath(new URL('./fetch.ts', import.meta.url))
    const script = `
      import { createNodeFetch } from ${JSON.stringify(module)}
      const res = await createNodeFetch()(${JSON.stringify(new URL('/echo', frontUrl).href)})
      await res.text()
      setImmediate(() => console.log(JSON.stringify(process.getActiveResourcesInfo())))
    `
    // the front server keeps idle connections far longer than the test may take
    front.keepAliveTimeout = 120_000
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        env: { PATH: process.env.PATH ?? '' },
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    try {
      const [code] = await once(child, 'exit')
      expect(err).toBe('')
      expect(code).toBe(0)
      expect(JSON.parse(out)).not.toContain('TCPSocketWrap')
    } finally {
      child.kill()
      front.keepAliveTimeout = 5_000
    }
  })
})

describe('@jobmeta/core on createNodeFetch', () => {
  const client = (apikey = TEST_KEY, extra = {}) =>
    createClient({ apikey, storageUrl: emu.url, fetch: nodeFetch, retry: false, ...extra })

  it('reads, writes and lists like the client on global fetch', async () => {
    const c = client()
    expect(await c.job('1/1/1').get()).toEqual(await emu.client.job('1/1/1').get())
    expect(await c.job('1/1/1').field('spider')).toBe('books')
    await c.job('1/1/1').set('note', { by: 'node-fetch' })
    await c.job('1/1/1').update({ other: 'é' })
    expect(await emu.client.job('1/1/1').field('note')).toEqual({ by: 'node-fetch' })
    await c.job('1/1/1').delete('note')
    expect(await emu.client.job('1/1/1').field('note')).toBeUndefined()
    const rows = []
    for await (const row of c.jobs(1).list({ state: ['finished'] })) rows.push(row.key)
    expect(rows.sort()).toEqual(['1/1/1', '1/1/3', '1/2/2'])
    expect(await c.jobs(1).count({ state: 'finished' })).toBe(3)
  })

  it('gives the same typed errors: unknown job, bad key, refused connection, timeout, cut body', async () => {
    await expect(client().job('1/9/9').get()).rejects.toBeInstanceOf(JobNotFoundError)
    await expect(client('0'.repeat(32)).job('1/1/1').get()).rejects.toBeInstanceOf(
      UnauthorizedError,
    )
    const refused = createClient({
      apikey: TEST_KEY,
      storageUrl: 'http://127.0.0.1:1/',
      fetch: nodeFetch,
      retry: false,
    })
    await expect(refused.job('1/1/1').get()).rejects.toThrow(NetworkError)
    await expect(refused.job('1/1/1').get()).rejects.toThrow(/ECONNREFUSED/)
    emu.emulator.faults.set({ latencyMs: 5_000, times: 1 })
    await expect(client(TEST_KEY, { timeoutMs: 100 }).job('1/1/1').get()).rejects.toBeInstanceOf(
      TimeoutError,
    )
    emu.emulator.faults.set({ truncateRate: 1, times: 1 })
    await expect(client().job('1/1/1').get()).rejects.toBeInstanceOf(NetworkError)
  })

  it('retries a 503 and succeeds, as with global fetch', async () => {
    emu.emulator.faults.set({ errorRate: 1, status: 503, times: 1 })
    const c = client(TEST_KEY, { retry: { attempts: 2, baseDelayMs: 1 } })
    expect((await c.job('1/1/1').get()).spider).toBe('books')
  })
})
