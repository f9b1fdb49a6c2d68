/**
 * Edge benchmarks with autocannon on 127.0.0.1, every figure against a baseline measured in the
 * same run (never pass/fail). The servers run in a worker thread, the emulator they call upstream in
 * another (as Scrapy Cloud is a service of its own in production; on two cores the three threads
 * still compete for CPU), autocannon in the main thread.
 *  - cache hit: the Node entry serving a cached job vs a bare node:http server returning the same bytes
 *    (the headline), and vs a bare Hono app on @hono/node-server returning them (the framework's share);
 *  - miss path: the Node entry with its cache off (every request goes to the emulator) vs the emulator alone,
 *    beside the layers of a proxy hop: bare node:http reading the emulator's answer and passing it
 *    on, Hono + the edge's upstream (core's client), and the same behind the edge's upstream gate at
 *    its default cap, with the time that layer holds a slot per call;
 *  - the miss path without sockets: the app's own work per miss vs Hono + core's client (in-process.ts);
 *  - the upstream call: client CPU per job GET, layer by layer, vs a bare node:http GET (upstream-call.ts).
 * The servers of a comparison are measured in alternating rounds and the best round of each side is kept, which
 * damps noise from other processes on a shared machine.
 */
import { once } from 'node:events'
import { Worker } from 'node:worker_threads'
import { DEMO_APIKEY } from '@jobmeta/emulator'
import autocannon, { type Result } from 'autocannon'
import { BENCH_CONNECTIONS } from './connections.ts'
import { inProcessBench } from './in-process.ts'
import type { Servers } from './servers.ts'
import { upstreamCallBench } from './upstream-call.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
const CONNECTIONS = BENCH_CONNECTIONS

async function measure(url: string, headers: Record<string, string> = {}): Promise<Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers })
}

function best(a: Result | undefined, b: Result): Result {
  return a === undefined || b.requests.average > a.requests.average ? b : a
}

/** One second of load, unmeasured: connections open and the code warm before a measurement. */
async function warmUp(url: string, headers: Record<string, string> = {}): Promise<void> {
  await autocannon({ url, connections: CONNECTIONS, duration: 1, headers })
}

/** `a`'s requests/s over `b`'s, two decimals. */
function ratio(a: Result, b: Result): string {
  return (a.requests.average / b.requests.average).toFixed(2)
}

async function compare(urls: string[]): Promise<Result[]> {
  for (const url of urls) await warmUp(url)
  const bests: (Result | undefined)[] = urls.map(() => undefined)
  for (let i = 0; i < ROUNDS; i++) {
    for (const [j, url] of urls.entries()) bests[j] = best(bests[j], await measure(url))
  }
  return bests as Result[]
}

function row(name: string, r: Result): string {
  const bad = r.non2xx + r.errors + r.timeouts
  return `${name.padEnd(30)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p99 ${String(r.latency.p99).padStart(4)} ms${bad ? `   (${bad} non-2xx/errors)` : ''}`
}

/** Starts a bench module (TypeScript, through tsx) on a worker thread; resolves with its first message. */
async function startWorker<T>(file: string, workerData?: unknown): Promise<[Worker, T]> {
  const url = new URL(file, import.meta.url).href
  const boot = `import('tsx/esm/api').then((m) => m.tsImport(${JSON.stringify(url)}, ${JSON.stringify(import.meta.url)}))`
  const worker = new Worker(boot, { eval: true, workerData })
  const [ready] = (await once(worker, 'message')) as [T]
  return [worker, ready]
}

/** Asks a worker a question and waits for its answer. */
async function ask<T>(worker: Worker, question: string): Promise<T> {
  worker.postMessage(question)
  return ((await once(worker, 'message')) as [T])[0]
}

async function main(): Promise<void> {
  const [emulator, { url: emulatorUrl }] = await startWorker<{ url: string }>('./emulator.ts')
  const [worker, ready] = await startWorker<{ servers: Servers }>('./servers.ts', emulatorUrl)
  const s = { ...ready.servers, emulator: emulatorUrl }
  console.log(
    `jobmeta edge bench: ${ROUNDS} rounds x ${SECONDS}s per side (best kept), ${CONNECTIONS} connections, 127.0.0.1, job ${s.path} (${s.bytes} bytes)\n`,
  )

  const [bare, hono, hit] = (await compare([
    s.bare + s.path,
    s.hono + s.path,
    s.edge + s.path,
  ])) as [Result, Result, Result]
  console.log(
    'cache hit: Node entry (@hono/node-server) vs bare node:http returning the same bytes',
  )
  console.log(row('  bare node:http', bare))
  console.log(
    `${row('  bare Hono (@hono/node-server)', hono)}   ${ratio(hono, bare)}x bare node:http`,
  )
  console.log(row('  edge, X-Cache: HIT', hit))
  console.log(
    `  ratio: ${ratio(hit, bare)}x requests/s (target >= 0.5x); p99 ${hit.latency.p99} ms vs ${bare.latency.p99} ms; ${ratio(hit, hono)}x bare Hono\n`,
  )

  const auth = { authorization: `Basic ${Buffer.from(`${DEMO_APIKEY}:`).toString('base64')}` }
  const count = async () => {
    const { count } = await ask<{ count: number }>(emulator, 'stats')
    const { failures } = await ask<{ failures: number }>(worker, 'failures')
    return { count, failures }
  }
  await warmUp(s.emulator + s.path, auth)
  for (const url of [s.cold, s.hop, s.wide, s.honoCore, s.honoCoreGated]) await warmUp(url + s.path)
  let direct: Result | undefined
  let wide: Result | undefined
  let hop: Result | undefined
  let honoCore: Result | undefined
  let honoCoreGated: Result | undefined
  let heldMs = 0
  let miss: Result | undefined
  let upstream = 0
  let served = 0
  for (let i = 0; i < ROUNDS; i++) {
    direct = best(direct, await measure(s.emulator + s.path, auth))
    hop = best(hop, await measure(s.hop + s.path))
    honoCore = best(honoCore, await measure(s.honoCore + s.path))
    // the slot times of the round kept, as the requests/s are
    await ask(worker, 'held')
    const gated = await measure(s.honoCoreGated + s.path)
    const h = await ask<{ ms: number; calls: number }>(worker, 'held')
    if (gated === best(honoCoreGated, gated)) {
      honoCoreGated = gated
      heldMs = h.ms / Math.max(1, h.calls)
    }
    const before = await count()
    const m = await measure(s.cold + s.path)
    upstream += (await count()).count - before.count
    served += m.requests.total
    miss = best(miss, m)
    wide = best(wide, await measure(s.wide + s.path))
  }
  console.log(
    'miss path: edge with CACHE_MAX_ENTRIES=0, MISS_BUDGET=0 and no coalescing (every request goes upstream, at most UPSTREAM_CONCURRENCY=8 at once) vs the emulator alone (the emulator on a thread of its own, the proxies on another)',
  )
  console.log(row('  emulator alone', direct!))
  console.log(
    `${row('  bare node:http hop -> emulator', hop!)}   ${ratio(hop!, direct!)}x the emulator alone`,
  )
  console.log(
    `${row('  Hono + core client -> emulator', honoCore!)}   ${ratio(honoCore!, direct!)}x the emulator alone (the edge's upstream, no cap, no edge logic)`,
  )
  console.log(
    `${row('  the same, at most 8 at once', honoCoreGated!)}   ${ratio(honoCoreGated!, direct!)}x the emulator alone (behind the edge's upstream gate, its default cap)`,
  )
  if (heldMs > 0) {
    const rate = s.gateCap / (heldMs / 1000)
    console.log(
      `  that layer holds a slot ${heldMs.toFixed(2)} ms a call (the emulator alone answers one every ${(1000 / direct!.requests.average).toFixed(3)} ms): ${s.gateCap} slots / ${heldMs.toFixed(2)} ms = ${rate.toFixed(0)} req/s = ${(rate / direct!.requests.average).toFixed(2)}x the emulator alone`,
    )
  }
  console.log(row('  edge -> emulator', miss!))
  console.log(
    `  ratio: ${ratio(miss!, direct!)}x requests/s (target >= 0.4x); ${ratio(miss!, honoCoreGated!)}x the same cap without the edge's logic; ${ratio(miss!, hop!)}x the bare hop; p99 ${miss!.latency.p99} ms vs ${direct!.latency.p99} ms`,
  )
  console.log(
    `${row(`  edge, UPSTREAM_CONCURRENCY=${CONNECTIONS}`, wide!)}   ${ratio(wide!, direct!)}x the emulator alone; ${ratio(wide!, hop!)}x the bare hop (its cap's share: as many in flight as connections)`,
  )
  const before = await count()
  const co = await measure(s.coalesced + s.path)
  const coUpstream = (await count()).count - before.count
  console.log(row('  edge -> emulator, coalesced', co))
  console.log(
    `  with single-flight (no LRU): ${ratio(co, direct!)}x the emulator alone, ${(coUpstream / Math.max(1, co.requests.total)).toFixed(3)} upstream requests per edge request`,
  )
  const end = await count()
  console.log(
    `  upstream requests per edge request: ${(upstream / Math.max(1, served)).toFixed(2)} (${upstream} / ${served}); edge upstream failures: ${end.failures}`,
  )
  for (const w of [worker, emulator]) {
    w.postMessage('close')
    await once(w, 'exit')
  }
  console.log('')
  await inProcessBench()
  console.log('')
  await upstreamCallBench()
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
