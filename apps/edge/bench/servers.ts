/** The servers under test, run in a worker thread so autocannon (main thread) does not share their event loop. */
import { Agent, createServer, get as httpGet } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parentPort } from 'node:worker_threads'
import { serve } from '@hono/node-server'
import { DEMO_APIKEY, DEMO_PROJECT } from '@jobmeta/emulator'
import { startEmulator } from '@jobmeta/emulator/node'
import { Hono } from 'hono'
import { parseConfig } from '../src/config.ts'
import { startEdgeServer } from '../src/node-server.ts'
import { BENCH_CONNECTIONS } from './connections.ts'

/** What the worker reports once everything listens. */
export interface Servers {
  emulator: string
  edge: string
  cold: string
  /** the miss path with as many upstream calls in flight as the bench has connections */
  wide: string
  coalesced: string
  bare: string
  hono: string
  hop: string
  path: string
  bytes: number
}

let failures = 0
const log = () => {
  failures++
}
const emu = await startEmulator({ seed: 'demo' })
const env = {
  SHUB_APIKEY: DEMO_APIKEY,
  SHUB_STORAGE: emu.url,
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
    new URL(req.url ?? '/', emu.url),
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

const servers: Servers = {
  emulator: emu.url,
  edge: edge.url,
  cold: cold.url,
  wide: wide.url,
  coalesced: coalesced.url,
  bare: `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`,
  hono: `http://127.0.0.1:${(hono.address() as AddressInfo).port}/`,
  hop: `http://127.0.0.1:${(hopServer.address() as AddressInfo).port}/`,
  path,
  bytes: body.length,
}
parentPort!.postMessage({ type: 'ready', servers })
parentPort!.on('message', async (m: string) => {
  if (m === 'stats') {
    const count = emu.emulator.stats.byRoute()['GET /jobs/:project/:spider/:job']?.count ?? 0
    parentPort!.postMessage({ type: 'stats', count, failures })
  }
  if (m === 'close') {
    await Promise.all([
      edge.close(),
      cold.close(),
      wide.close(),
      coalesced.close(),
      emu.close(),
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
