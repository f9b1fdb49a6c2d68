/**
 * The edge's own work per miss, without sockets: the app's miss path (guards, resolver, gate,
 * core's client, public view, entry, answer) with the upstream answered in-process by a canned
 * job, against two baselines through the same `app.fetch` call in the same run: a bare Hono app
 * answering the same bytes, and a Hono app answering with the job read through the edge's own
 * upstream (core's client) on the same canned fetch. 32 requests at once, as the HTTP bench's
 * connections.
 */
import { parseJobKey } from '@jobmeta/core'
import { DEMO_APIKEY, DEMO_PROJECT } from '@jobmeta/emulator'
import { startEmulator } from '@jobmeta/emulator/node'
import { Hono } from 'hono'
import { createApp } from '../src/app.ts'
import { parseConfig } from '../src/config.ts'
import { createUpstream } from '../src/upstream.ts'
import { BENCH_CONNECTIONS } from './connections.ts'

const REQUESTS = 20_000
const ROUNDS = 7

/** A fetch that answers every call with the same job, as createNodeFetch's response would. */
function cannedFetch(job: Uint8Array): typeof fetch {
  const headers = { get: (name: string) => (name === 'content-type' ? 'application/json' : null) }
  const answer = () => ({
    status: 200,
    statusText: 'OK',
    ok: true,
    type: 'basic',
    headers,
    body: null,
    bytes: async () => job,
  })
  return (async () => answer()) as unknown as typeof fetch
}

/** Microseconds per request of `handle` over REQUESTS requests, BENCH_CONNECTIONS at once (all must answer 200). */
async function perRequest(handle: () => Response | Promise<Response>): Promise<number> {
  const t0 = performance.now()
  for (let i = 0; i < REQUESTS; i += BENCH_CONNECTIONS) {
    const batch: (Response | Promise<Response>)[] = []
    for (let j = 0; j < BENCH_CONNECTIONS; j++) batch.push(handle())
    for (const r of await Promise.all(batch))
      if (r.status !== 200) throw new Error(`in-process bench: an answer was ${r.status}, not 200`)
  }
  return ((performance.now() - t0) * 1000) / REQUESTS
}

/** Prints the edge's miss path per request against a bare Hono app and Hono + core's client (alternating rounds, medians). */
export async function inProcessBench(): Promise<void> {
  const emu = await startEmulator({ seed: 'demo' })
  const key = parseJobKey(`${DEMO_PROJECT}/3/88`)
  const path = `jobs/${key.key}`
  const auth = { authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` }
  const job = new Uint8Array(await (await fetch(emu.url + path, { headers: auth })).arrayBuffer())
  await emu.close()

  const config = parseConfig({
    SHUB_APIKEY: DEMO_APIKEY,
    SHUB_STORAGE: 'http://127.0.0.1:9/',
    PUBLIC_PROJECTS: String(DEMO_PROJECT),
    CACHE_MAX_ENTRIES: '0',
    MISS_BUDGET: '0',
  })
  const edge = createApp(config, {
    fetch: cannedFetch(job),
    platformCache: null,
    coalesce: 'per-request',
    clientId: () => 'bench',
    headerBytes: () => 0,
    log: () => {},
  })
  const request = new Request(`http://127.0.0.1/${path}`)
  const first = await edge.fetch(request)
  if (first.status !== 200 || first.headers.get('x-cache') !== 'MISS')
    throw new Error(
      `in-process bench: the edge answered ${first.status} ${first.headers.get('x-cache')}`,
    )
  const body = await first.text()
  const bare = new Hono()
  const headers = { 'content-type': 'application/json; charset=utf-8' }
  bare.get('/jobs/:project/:spider/:job', () => new Response(body, { status: 200, headers }))

  const upstream = createUpstream(config, cannedFetch(job))
  const proxy = new Hono()
  proxy.get(
    '/jobs/:project/:spider/:job',
    async () => new Response(JSON.stringify(await upstream.job(key)), { status: 200, headers }),
  )

  const sides = [() => bare.fetch(request), () => proxy.fetch(request), () => edge.fetch(request)]
  const times: number[][] = [[], [], []]
  for (const side of sides) await perRequest(side)
  for (let r = 0; r < ROUNDS; r++)
    for (const [i, side] of sides.entries()) times[i]!.push(await perRequest(side))
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!
  const [b, p, e] = times.map(median) as [number, number, number]
  console.log(
    `miss path without sockets: app.fetch per request, upstream answered in-process (${ROUNDS} alternating rounds of ${REQUESTS}, ${BENCH_CONNECTIONS} at once, medians)`,
  )
  console.log(`  bare Hono app, same bytes       ${b.toFixed(1).padStart(6)} µs`)
  console.log(`  Hono + core client              ${p.toFixed(1).padStart(6)} µs`)
  console.log(
    `  edge, miss (no LRU, no sharing) ${e.toFixed(1).padStart(6)} µs   ${(e / p).toFixed(2)}x Hono + core client: +${(e - p).toFixed(1)} µs of the edge's own logic per miss`,
  )
}
