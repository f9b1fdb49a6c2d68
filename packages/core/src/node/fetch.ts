/// <reference types="node" />
/**
 * `@jobmeta/core/node`: a small `fetch` on node:http/node:https for the client on Node (the only
 * module of core that is not web-standard; the main entry never imports it). Node 20's global fetch
 * loads undici on its first use (15-120 ms of a one-shot command's start-up) and spends about twice
 * the CPU per request; this covers what the client asks of fetch and no more: method, headers, a
 * string or byte body, AbortSignal, redirects (follow, manual, error), gzip/deflate/br bodies, and a
 * response with status, headers and a body read whole (text, json, arrayBuffer, bytes) or streamed
 * (`body`, a web ReadableStream). Idle keep-alive sockets do not keep the process alive (Node's
 * agent unrefs free sockets).
 */
import { Agent, type IncomingMessage, type RequestOptions, request } from 'node:http'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream'

type Transport = { agent: Agent; request: typeof request }
type Zlib = typeof import('node:zlib')

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const NULL_BODY = new Set([101, 204, 205, 304])
const MAX_REDIRECTS = 20
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'])
// Headers fetch drops when a redirect turns the request into a bodiless GET, or leaves the origin.
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language']
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization']

/** `fetch failed` with the underlying error as its cause, as Node's own fetch rejects. */
function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause })
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError')
}

/** Request headers from any HeadersInit (a record, pairs, or a Headers object), names lower-cased. */
function headerRecord(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  const add = (name: string, value: string): void => {
    const k = String(name).toLowerCase()
    const v = String(value).trim()
    out[k] = out[k] === undefined ? v : `${out[k]}, ${v}`
  }
  if (!init) return out
  if (Array.isArray(init)) {
    for (const [k, v] of init) add(k as string, v as string)
  } else if (typeof (init as Headers).forEach === 'function') {
    ;(init as Headers).forEach((v, k) => {
      add(k, v)
    })
  } else {
    for (const k of Object.keys(init)) add(k, (init as Record<string, string>)[k] as string)
  }
  return out
}

/** A body as bytes plus the content type fetch would give it; undefined for no body. */
function encodeBody(body: unknown): { bytes: Uint8Array; type?: string } | undefined {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'string')
    return { bytes: Buffer.from(body, 'utf8'), type: 'text/plain;charset=UTF-8' }
  if (body instanceof URLSearchParams) {
    return {
      bytes: Buffer.from(body.toString(), 'utf8'),
      type: 'application/x-www-form-urlencoded;charset=UTF-8',
    }
  }
  if (body instanceof ArrayBuffer) return { bytes: new Uint8Array(body) }
  if (ArrayBuffer.isView(body))
    return { bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) }
  throw new TypeError(`node fetch: unsupported body type ${Object.prototype.toString.call(body)}`)
}

/** The response headers (read-only), with the lookups fetch's Headers has. */
export class NodeHeaders {
  readonly #raw: IncomingMessage['headers']

  constructor(raw: IncomingMessage['headers']) {
    this.#raw = raw
  }

  /** The value of a header (repeated ones joined with ", "), or null. */
  get(name: string): string | null {
    const v = this.#raw[name.toLowerCase()]
    if (v === undefined) return null
    return Array.isArray(v) ? v.join(', ') : v
  }

  /** Whether the header is present. */
  has(name: string): boolean {
    return this.#raw[name.toLowerCase()] !== undefined
  }

  /** Calls `fn(value, name)` for each header, names sorted as fetch does. */
  forEach(fn: (value: string, name: string, headers: NodeHeaders) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this)
  }

  /** [name, value] pairs, names sorted. */
  *entries(): IterableIterator<[string, string]> {
    for (const k of Object.keys(this.#raw).sort()) yield [k, this.get(k) as string]
  }

  /** Header names, sorted. */
  *keys(): IterableIterator<string> {
    for (const [k] of this.entries()) yield k
  }

  /** Header values, in name order. */
  *values(): IterableIterator<string> {
    for (const [, v] of this.entries()) yield v
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries()
  }
}

/** A Node readable as a web ReadableStream, paused while the reader is not asking for more. */
function toWebStream(source: Readable): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      source.on('data', (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
        if ((controller.desiredSize ?? 0) <= 0) source.pause()
      })
      source.once('end', () => controller.close())
      source.once('error', (e) => controller.error(e))
    },
    pull() {
      source.resume()
    },
    cancel() {
      source.destroy()
    },
  })
}

/** Reads a Node readable to its end as one buffer. */
function readAll(source: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    source.on('data', (c: Buffer) => chunks.push(c))
    source.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)))
    source.once('error', reject)
  })
}

async function readStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  for (;;) {
    const r = await reader.read()
    if (r.done) break
    chunks.push(r.value)
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)
}

/** The response of `createNodeFetch`'s fetch: the parts of fetch's Response that core uses. */
export class NodeResponse {
  readonly status: number
  readonly statusText: string
  readonly ok: boolean
  readonly headers: NodeHeaders
  readonly url: string
  readonly redirected: boolean
  readonly type = 'basic'
  /** The decoded body, or null (HEAD, 204, 304). */
  readonly #source: Readable | null
  #stream: ReadableStream<Uint8Array> | null | undefined
  #used = false

  constructor(res: IncomingMessage, source: Readable | null, url: string, redirected: boolean) {
    this.status = res.statusCode ?? 0
    this.statusText = res.statusMessage ?? ''
    this.ok = this.status >= 200 && this.status < 300
    this.headers = new NodeHeaders(res.headers)
    this.url = url
    this.redirected = redirected
    this.#source = source
  }

  /** The body as a web stream (made on first access), or null. */
  get body(): ReadableStream<Uint8Array> | null {
    if (this.#stream === undefined) this.#stream = this.#source ? toWebStream(this.#source) : null
    return this.#stream
  }

  /** Whether the body has been read (or its stream locked by a reader). */
  get bodyUsed(): boolean {
    return this.#used || this.#stream?.locked === true
  }

  /** The whole body as bytes. */
  async bytes(): Promise<Uint8Array> {
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read')
    this.#used = true
    if (this.#stream) return readStream(this.#stream)
    if (!this.#source) return new Uint8Array(0)
    return readAll(this.#source)
  }

  /** The whole body as an ArrayBuffer. */
  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = await this.bytes()
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer
  }

  /** The whole body decoded as UTF-8 (a BOM dropped, bad bytes replaced), as fetch does. */
  async text(): Promise<string> {
    return new TextDecoder().decode(await this.bytes())
  }

  /** The whole body parsed as JSON. */
  async json(): Promise<unknown> {
    return JSON.parse(await this.text())
  }

  /** Drops the body without reading it (the socket is freed or closed). */
  discard(): void {
    this.#used = true
    this.#source?.destroy()
  }
}

let zlib: Promise<Zlib> | undefined

/** Undoes Content-Encoding (gzip, deflate, br; several in order); unknown codings pass through. */
async function decoded(res: IncomingMessage): Promise<Readable> {
  const codings = (res.headers['content-encoding'] ?? '')
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c && c !== 'identity')
  if (codings.length === 0) return res
  zlib ??= import('node:zlib')
  const z = await zlib
  // Lenient flushing, as Node's fetch: a body cut at a block boundary still yields what it has.
  const flush = { flush: z.constants.Z_SYNC_FLUSH, finishFlush: z.constants.Z_SYNC_FLUSH }
  let out: Readable = res
  for (const c of codings.reverse()) {
    const step =
      c === 'gzip' || c === 'x-gzip'
        ? z.createGunzip(flush)
        : c === 'deflate'
          ? z.createInflate(flush)
          : c === 'br'
            ? z.createBrotliDecompress()
            : undefined
    if (!step) return out
    out = pipeline(out, step, () => {})
  }
  return out
}

/** Options of createNodeFetch. */
export interface NodeFetchOptions {
  /** Reuse connections between requests (default true). */
  keepAlive?: boolean
}

/**
 * Creates a fetch on node:http/node:https. Rejections are a TypeError "fetch failed" with the
 * socket error as cause, or the signal's reason when aborted; a body cut short rejects its read.
 */
export function createNodeFetch(options: NodeFetchOptions = {}): typeof fetch {
  const keepAlive = options.keepAlive ?? true
  let http: Transport | undefined
  let https: Promise<Transport> | undefined
  let httpsReady: Transport | undefined
  const transport = (protocol: string): Transport | Promise<Transport> => {
    if (protocol === 'http:') {
      http ??= { agent: new Agent({ keepAlive }), request }
      return http
    }
    if (protocol === 'https:') {
      if (httpsReady) return httpsReady
      https ??= import('node:https').then((m) => {
        httpsReady = { agent: new m.Agent({ keepAlive }), request: m.request as typeof request }
        return httpsReady
      })
      return https
    }
    throw new TypeError(`node fetch: unsupported URL scheme ${protocol}`)
  }

  /** One exchange, no redirects: resolves once the status line and headers are in. */
  const send = (
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: Uint8Array | undefined,
    signal: AbortSignal | undefined,
    retried = false,
  ): Promise<IncomingMessage> => {
    const t = transport(url.protocol)
    // https loads its module once; http needs no wait (a miss on the edge is mostly this path)
    if (t instanceof Promise) return t.then(() => send(url, method, headers, body, signal, retried))
    if (signal?.aborted) return Promise.reject(abortReason(signal))
    return new Promise<IncomingMessage>((resolve, reject) => {
      // options rather than the URL: Node would convert it into these on every request
      const opts: RequestOptions = {
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers,
        agent: t.agent,
      }
      let req: ReturnType<typeof request>
      try {
        req = t.request(opts)
      } catch (error) {
        // an invalid header name or value
        reject(new TypeError(`node fetch: ${(error as Error).message}`, { cause: error }))
        return
      }
      let res: IncomingMessage | undefined
      const onAbort = (): void => {
        const reason = abortReason(signal as AbortSignal)
        // a body being read fails with the reason; a request not yet answered rejects with it
        if (res) res.destroy(reason as Error)
        else reject(reason)
        req.destroy()
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      const done = (): void => signal?.removeEventListener('abort', onAbort)
      req.once('error', (error: NodeJS.ErrnoException) => {
        done()
        // A kept-alive connection the server closed while it sat idle fails the next request on it
        // before any answer: send an idempotent request once more, on a new connection.
        const stale =
          !res && req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE')
        if (stale && !retried && IDEMPOTENT.has(method) && !signal?.aborted)
          resolve(send(url, method, headers, body, signal, true))
        else reject(fetchFailed(error))
      })
      req.once('response', (r) => {
        res = r
        if (signal) r.once('close', done)
        resolve(r)
      })
      req.end(body)
    })
  }

  const nodeFetch = async (
    input: string | URL | Request,
    init: RequestInit = {},
  ): Promise<NodeResponse> => {
    const fromRequest = typeof input === 'object' && !(input instanceof URL) ? input : undefined
    let url = new URL(fromRequest ? fromRequest.url : String(input))
    // as fetch does: credentials go in headers, never in the URL (nor in an error message)
    if (url.username || url.password)
      throw new TypeError('node fetch: a URL with credentials is refused')
    let method = (init.method ?? fromRequest?.method ?? 'GET').toUpperCase()
    const headers = headerRecord(init.headers ?? fromRequest?.headers)
    const signal = init.signal ?? fromRequest?.signal ?? undefined
    const redirect = init.redirect ?? 'follow'
    const encoded = encodeBody(init.body)
    if (encoded && (method === 'GET' || method === 'HEAD'))
      throw new TypeError('Request with GET/HEAD method cannot have body.')
    let body = encoded?.bytes
    if (encoded) {
      headers['content-length'] = String(encoded.bytes.byteLength)
      if (encoded.type && headers['content-type'] === undefined)
        headers['content-type'] = encoded.type
    }
    headers.accept ??= '*/*'
    headers['accept-encoding'] ??= 'gzip, deflate, br'
    if (signal?.aborted) throw abortReason(signal)

    for (let hops = 0; ; hops++) {
      if (url.hash) url.hash = ''
      const res = await send(url, method, headers, body, signal)
      const status = res.statusCode ?? 0
      const location = res.headers.location
      if (!REDIRECTS.has(status) || location === undefined || redirect === 'manual') {
        const source =
          method === 'HEAD' || NULL_BODY.has(status)
            ? null
            : res.headers['content-encoding']
              ? await decoded(res)
              : res
        if (!source) res.resume()
        return new NodeResponse(res, source, url.href, hops > 0)
      }
      res.resume() // drain the redirect's body so its socket can be reused
      if (redirect === 'error') throw fetchFailed(new Error('unexpected redirect'))
      if (hops >= MAX_REDIRECTS) throw fetchFailed(new Error('redirect count exceeded'))
      let next: URL
      try {
        next = new URL(location, url)
      } catch (error) {
        throw fetchFailed(error)
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:')
        throw fetchFailed(new Error(`URL scheme must be a HTTP(S) scheme: ${next.protocol}`))
      if (
        status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST'
      ) {
        method = 'GET'
        body = undefined
        for (const h of BODY_HEADERS) delete headers[h]
      }
      if (next.origin !== url.origin) for (const h of CREDENTIAL_HEADERS) delete headers[h]
      url = next
    }
  }
  return nodeFetch as unknown as typeof fetch
}
