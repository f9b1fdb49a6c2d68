/**
 * The servers under test, run in a worker thread so that neither autocannon (main thread) nor the
 * emulator (a thread of its own, emulator.ts) shares their event loop. `workerData` is the
 * emulator's URL.
 */
import { Agent, createServer, get as httpGet } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parentPort, workerData } from 'node:worker_threads'
import { serve } from '@hono/node-server'
import { parseJobKey } from '@jobmeta/core'
import { createNodeFetch } from '@jobmeta/core/node'
import { DEMO_APIKEY, DEMO_PROJECT } from '@jobmeta/emulator'
import { Hono } from 'hono'
import { UpstreamGate } from '../src/cache/upstream-gate.ts'
import { parseConfig } from '../src/config.ts'
import { startEdgeServer } from '../src/node-server.ts'
import { createUpstream } from '../src/upstream.ts'
import { BENCH_CONNECTIONS } from './connections.ts'

/** What the worker reports once everything listens. */
export interface Servers {
  edge: string
  cold: string
  /** the miss path with as many upstream calls in flight as the bench has connections */
  wide: string
  coalesced: string
  bare: string
  hono: string
  hop: string
  /** Hono + the edge's upstream (core's client), nothing else */
  honoCore: string
  /** the same behind the edge's upstream gate, at its default cap of 8 */
  honoCoreGated: string
  /** the upstream gate's default cap (UPSTREAM_CONCURRENCY) */
  gateCap: number
  path: string
  bytes: number
}

let failures = 0
const log = () => {
  failures++
}
const emulatorUrl = workerData as string
const env = {
  SHUB_APIKEY: DEMO_APIKEY,
  SHUB_STORAGE: emulatorUrl,
  PUBLIC_PROJECTS: String(DEMO_PROJECT),
}
const edge = await startEdgeServer(parseConfig(env), { port: 0, deps: { log } })
// The miss path: no LRU and no coalescing, so every request is one upstream request. The one
// bench client would spend a miss budget in a second: it is off here (the concurrency cap stays).
const uncached = { ...env, CACHE_MAX_ENTRIES: '0', MISS_BUDGET: '0' }
const cold = await startEdgeServer(parseConfig(uncached), {
  port: 0,
  deps: { log, coalesce: 'per-request' },
})
// The same with the concurrency cap raised to the bench's connections, as the bare hop has none:
// the cap's share of the miss path (not a recommended setting, see the README).
const wide = await startEdgeServer(
  parseConfig({ ...uncached, UPSTREAM_CONCURRENCY: String(BENCH_CONNECTIONS) }),
  { port: 0, deps: { log, coalesce: 'per-request' } },
)
// no LRU, but concurrent requests share one upstream load (the Node default)
const coalesced = await startEdgeServer(parseConfig(uncached), { port: 0, deps: { log } })

const list = (await (
  await fetch(`${edge.url}projects/${DEMO_PROJECT}/jobs?state=finished&count=1`)
).json()) as {
  jobs: { key: string }[]
}
const path = `jobs/${list.jobs[0]!.key}`
const warm = await fetch(edge.url + path)
const body = Buffer.from(await warm.arrayBuffer())
const headers: Record<string, string> = {}
warm.headers.forEach((v, k) => {
  if (k !== 'date' && k !== 'connection' && k !== 'keep-alive') headers[k] = v
})
// The baseline: node:http answering the same bytes with the same headers, doing nothing else.
const bare = createServer((_req, res) => {
  res.writeHead(200, headers)
  res.end(body)
})
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r))
// The framework's own share: a bare Hono app on @hono/node-server, same route shape, same bytes and
// headers, answered synchronously with a plain header record (the adapter's fastest path).
const bareApp = new Hono()
bareApp.get('/jobs/:project/:spider/:job', () => new Response(body, { status: 200, headers }))
const hono = await new Promise<ReturnType<typeof serve>>((r) => {
  const server = serve({ fetch: bareApp.fetch, port: 0, hostname: '127.0.0.1' }, () => r(server))
})

// The floor of a proxy hop: node:http answering each request with the emulator's answer for the
// same path, read on a kept-alive node:http agent and parsed as JSON (what any proxy that looks at
// the job does), with no cache, checks or filtering.
const hopAgent = new Agent({ keepAlive: true })
const upstreamAuth = `Basic ${Buffer.from(`${DEMO_APIKEY}:`).toString('base64')}`
const hopServer = createServer((req, res) => {
  httpGet(
    new URL(req.url ?? '/', emulatorUrl),
    { agent: hopAgent, headers: { authorization: upstreamAuth } },
    (up) => {
      const chunks: Buffer[] = []
      up.on('data', (c: Buffer) => chunks.push(c))
      up.on('end', () => {
        const bytes = Buffer.concat(chunks)
        JSON.parse(bytes.toString('utf8'))
        res.writeHead(up.statusCode ?? 502, { 'content-type': 'application/json' })
        res.end(bytes)
      })
    },
  ).on('error', () => res.writeHead(502).end())
})
await new Promise<void>((r) => hopServer.listen(0, '127.0.0.1', r))

// The hop's layers, between the bare hop and the edge: a Hono app on @hono/node-server answering
// each request with the job read through the edge's own upstream (core's client on
// createNodeFetch, the edge's timeout and retry settings) and serialised, with no guard, cache,
// public-field filter or envelope headers; then the same behind the edge's upstream gate with its
// default cap (UPSTREAM_CONCURRENCY=8). What the edge adds beyond these is its own per-miss logic.
const layerConfig = parseConfig(uncached)
const layerUpstream = createUpstream(layerConfig, createNodeFetch())
// the gate as the edge builds it (app.ts), at the default cap
const gateCap = layerConfig.budget.concurrency
const gate = new UpstreamGate({
  concurrency: gateCap,
  queue: layerConfig.budget.queue,
  waitMs: layerConfig.upstreamTimeoutMs,
  holdMs: layerConfig.upstreamTimeoutMs + 1000,
})
// How long the gated server holds a slot per call (the upstream round trip, reading the answer and
// making the body). With every slot busy, as under the bench's 32 connections, the gated server's
// rate is `cap / hold` (Little's law): the hold time says why the rate is what it is.
let held = { ms: 0, calls: 0 }
const timed = async <T>(load: () => Promise<T>): Promise<T> => {
  const t0 = performance.now()
  try {
    return await load()
  } finally {
    held.ms += performance.now() - t0
    held.calls++
  }
}
const LAYER_HEADERS = { 'content-type': 'application/json; charset=utf-8' }
const closers: (() => Promise<unknown>)[] = []
const layered = async (gated: boolean): Promise<string> => {
  const app = new Hono()
  app.get('/jobs/:project/:spider/:job', async (c) => {
    const key = parseJobKey(
      `${c.req.param('project')}/${c.req.param('spider')}/${c.req.param('job')}`,
    )
    // the body is made inside the slot, as the edge makes its cache entry inside its own
    const load = async () => JSON.stringify(await layerUpstream.job(key))
    const body = gated ? await gate.run(() => timed(load)) : await load()
    return new Response(body, { status: 200, headers: LAYER_HEADERS })
  })
  const server = await new Promise<ReturnType<typeof serve>>((r) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => r(started))
  })
  closers.push(() => new Promise((r) => server.close(r)))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}
const honoCore = await layered(false)
const honoCoreGated = await layered(true)

const servers: Servers = {
  edge: edge.url,
  cold: cold.url,
  wide: wide.url,
  coalesced: coalesced.url,
  bare: `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`,
  hono: `http://127.0.0.1:${(hono.address() as AddressInfo).port}/`,
  hop: `http://127.0.0.1:${(hopServer.address() as AddressInfo).port}/`,
  honoCore,
  honoCoreGated,
  gateCap,
  path,
  bytes: body.length,
}
parentPort!.postMessage({ type: 'ready', servers })
parentPort!.on('message', async (m: string) => {
  if (m === 'failures') parentPort!.postMessage({ type: 'failures', failures })
  if (m === 'held') {
    parentPort!.postMessage({ type: 'held', ...held })
    held = { ms: 0, calls: 0 }
  }
  if (m === 'close') {
    await Promise.all([
      edge.close(),
      cold.close(),
      wide.close(),
      coalesced.close(),
      ...closers.map((close) => close()),
      new Promise((r) => bare.close(r)),
      new Promise((r) => hono.close(r)),
      new Promise((r) => {
        hopAgent.destroy()
        hopServer.close(r)
      }),
    ])
    process.exit(0)
  }
})
