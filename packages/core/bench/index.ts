// Benchmarks for @jobmeta/core. Each figure is printed next to a baseline measured in the same run;
// nothing passes or fails on time. Run: pnpm --filter @jobmeta/core bench
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { DEMO_APIKEY } from '@jobmeta/emulator'
import { checkJobMetadata, createClient } from '../src/index.ts'
import { parseJson } from '../src/jsonlines.ts'
import { JobMetadataSchema } from '../src/zod-schemas.ts'
import { SPEC_EXAMPLE_TEXT } from '../test/fixtures.ts'
import { serve, stop } from './emulator.ts'
import { importBench } from './import-cost.ts'
import { perCallBench } from './per-call.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const fmt = (n: number, d = 2) => n.toLocaleString('en-US', { maximumFractionDigits: d })
const mib = (b: number) => `${fmt(b / 1024 / 1024, 1)} MiB`

/** ns per call of each function: rounds alternate between them and the fastest round of each counts. */
function timeNs(fns: (() => unknown)[], n: number, rounds = 9): number[] {
  for (const fn of fns) for (let i = 0; i < n; i++) fn() // warm up
  const best = fns.map(() => Number.POSITIVE_INFINITY)
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, j) => {
      const t = performance.now()
      for (let i = 0; i < n; i++) fn()
      best[j] = Math.min(best[j]!, ((performance.now() - t) * 1e6) / n)
    })
  }
  return best
}

function bigStatsDoc(keys: number): string {
  const doc = JSON.parse(SPEC_EXAMPLE_TEXT) as Record<string, unknown>
  const stats: Record<string, number | string> = {}
  for (let i = 0; i < keys; i++) {
    const k = `downloader/response_status_count/${i}`
    stats[i % 7 === 0 ? `custom/${i}/reason` : k] =
      i % 11 === 0 ? `text ${i}` : i % 3 === 0 ? i + 0.5 : i
  }
  doc.scrapystats = stats
  // Python-style spacing, as the server writes it
  return JSON.stringify(doc).replace(/,"/g, ', "').replace(/":/g, '": ')
}

function parseBench(): void {
  console.log('\n## parse + validate vs bare JSON.parse (same text)')
  for (const [name, text, n] of [
    ['spec example document', SPEC_EXAMPLE_TEXT, 10000],
    ['5,000 scrapystats keys', bigStatsDoc(5000), 80],
  ] as const) {
    const [base, ours, zodOnly] = timeNs(
      [
        () => JSON.parse(text),
        () => {
          // as the client checks a job: the value and the text it came from
          const r = checkJobMetadata(parseJson(text), text)
          if (!r.success) throw new Error('invalid')
        },
        () => JobMetadataSchema.parse(JSON.parse(text)),
      ],
      n,
    ) as [number, number, number]
    console.log(
      `${name} (${fmt(text.length / 1024, 1)} KiB): JSON.parse ${fmt(base / 1000)} µs; ` +
        `parse+validate ${fmt(ours / 1000)} µs = ${fmt(ours / base)}x (target <= 1.2x for 5,000 keys); ` +
        `plain zod parse would be ${fmt(zodOnly / base)}x`,
    )
  }
}

async function measureHeap<T>(
  run: (sample: () => void) => Promise<T>,
): Promise<{ result: T; growth: number; ms: number }> {
  gc()
  const before = process.memoryUsage().heapUsed
  let peak = before
  const sample = () => {
    const h = process.memoryUsage().heapUsed
    if (h > peak) peak = h
  }
  const timer = setInterval(sample, 5)
  const t = performance.now()
  const result = await run(sample)
  const ms = performance.now() - t
  clearInterval(timer)
  sample()
  return { result, growth: peak - before, ms }
}

async function listBench(): Promise<void> {
  const ROWS = 100_000
  console.log(
    `\n## list() over ${fmt(ROWS)} JobQ rows streamed from the emulator (separate process)`,
  )
  const { url, child } = await serve(ROWS)
  try {
    const client = createClient({ apikey: DEMO_APIKEY, storageUrl: url })
    const project = 123456
    const filters = { state: ['pending', 'running', 'finished', 'deleted'] as const }
    // baseline: what a buffering client does — read the whole body, then parse each line
    const listUrl = new URL(
      `jobq/${project}/list?state=pending&state=running&state=finished&state=deleted`,
      url,
    )
    const auth = { authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` }
    for await (const _ of client.jobs(project).list({ ...filters, count: 10 })) {
      // warm-up: the emulator sorts its 100k jobs on the first listing
    }
    const buffered = await measureHeap(async () => {
      const text = await (await fetch(listUrl, { headers: auth })).text()
      const rows = text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
      return rows.length
    })
    const streamed = await measureHeap(async (sample) => {
      let n = 0
      for await (const _row of client.jobs(project).list(filters)) {
        if (++n % 2000 === 0) sample()
      }
      return n
    })
    console.log(
      `buffered baseline (fetch().text() + JSON.parse per line): ${fmt(buffered.result)} rows, ` +
        `${fmt((buffered.result / buffered.ms) * 1000, 0)} rows/s, peak heap growth ${mib(buffered.growth)}`,
    )
    console.log(
      `client list() (streamed, validated): ${fmt(streamed.result)} rows, ${fmt((streamed.result / streamed.ms) * 1000, 0)} rows/s ` +
        `(${fmt(streamed.ms / buffered.ms)}x the baseline's time), peak heap growth ${mib(streamed.growth)} (target < 50 MiB)`,
    )
  } finally {
    await stop(child)
  }
}

async function getManyBench(): Promise<void> {
  const N = 1000
  const C = 16
  const LAT = 20
  console.log(`\n## getMany of ${N} jobs, concurrency ${C}, ${LAT} ms emulator latency`)
  const { url, keys, child } = await serve(N, LAT)
  try {
    const client = createClient({ apikey: DEMO_APIKEY, storageUrl: url })
    const ideal = (N / C) * LAT
    await client.getMany(keys.slice(0, 32), { concurrency: C }) // warm up connections
    // baseline: bare fetch + JSON.parse with the same concurrency. Rounds alternate with the
    // client's and the best of each is kept, so load from other processes hurts both alike.
    const auth = { authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` }
    const bareRound = async (): Promise<number> => {
      let next = 0
      const t = performance.now()
      await Promise.all(
        Array.from({ length: C }, async () => {
          while (next < N) {
            const k = keys[next++]!
            JSON.parse(await (await fetch(new URL(`jobs/${k}`, url), { headers: auth })).text())
          }
        }),
      )
      return performance.now() - t
    }
    let bare = Number.POSITIVE_INFINITY
    let ours = Number.POSITIVE_INFINITY
    let results: Awaited<ReturnType<typeof client.getMany>> = []
    for (let round = 0; round < 3; round++) {
      bare = Math.min(bare, await bareRound())
      const t = performance.now()
      results = await client.getMany(keys, { concurrency: C })
      ours = Math.min(ours, performance.now() - t)
    }
    const failed = results.filter((r) => r.error).length
    console.log(`ideal ${N}/${C} x ${LAT} ms = ${fmt(ideal, 0)} ms`)
    console.log(`bare fetch baseline (best of 3): ${fmt(bare, 0)} ms = ${fmt(bare / ideal)}x ideal`)
    console.log(
      `client getMany (best of 3): ${fmt(ours, 0)} ms = ${fmt(ours / ideal)}x ideal (target <= 1.3x), ` +
        `${fmt(ours / bare)}x the bare baseline, ${failed} errors`,
    )
  } finally {
    await stop(child)
  }
}

console.log(`@jobmeta/core bench — node ${process.version}`)
await importBench()
parseBench()
await perCallBench()
await listBench()
await getManyBench()
