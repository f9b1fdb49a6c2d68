/**
 * Where a miss's upstream call spends CPU: one job GET against the emulator in another process (so
 * only the client's CPU is counted), layer by layer, each against a bare node:http GET + JSON.parse
 * measured in the same run: createNodeFetch, core's client on it (validation off), and the edge's
 * upstream (core's client with the edge's retry, timeout and redirect settings). 8 calls at once,
 * as the edge's upstream gate allows.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { Agent, get as httpGet } from 'node:http'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createClient } from '@jobmeta/core'
import { createNodeFetch } from '@jobmeta/core/node'
import { DEMO_APIKEY, DEMO_PROJECT } from '@jobmeta/emulator'
import { parseConfig } from '../src/config.ts'
import { createUpstream } from '../src/upstream.ts'

const CALLS = 4000
const CONCURRENT = 8
const ROUNDS = 3

async function startEmulatorProcess(): Promise<{ url: string; child: ChildProcess }> {
  // the emulator's executable (its package's bin), beside its main entry
  const cli = fileURLToPath(new URL('./cli.ts', import.meta.resolve('@jobmeta/emulator')))
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout! })
  for await (const line of lines) {
    const m = /^listening on (http:\/\/\S+)$/.exec(line)
    if (m) return { url: `${m[1]}/`, child }
  }
  throw new Error('the emulator did not start')
}

/** CPU microseconds per call of `fn` (the best of ROUNDS rounds, after a warm-up). */
async function cpuPerCall(fn: () => Promise<unknown>): Promise<number> {
  const run = async (n: number) =>
    Promise.all(
      Array.from({ length: CONCURRENT }, async () => {
        for (let i = 0; i < n / CONCURRENT; i++) await fn()
      }),
    )
  await run(CALLS / 4)
  const c0 = process.cpuUsage()
  await run(CALLS)
  const c = process.cpuUsage(c0)
  return (c.user + c.system) / CALLS
}

/** Prints the CPU per upstream call, layer by layer, as ratios to a bare node:http GET. */
export async function upstreamCallBench(): Promise<void> {
  const { url: base, child } = await startEmulatorProcess()
  try {
    const auth = `Basic ${Buffer.from(`${DEMO_APIKEY}:`).toString('base64')}`
    const first = await createClient({
      apikey: DEMO_APIKEY,
      storageUrl: base,
      fetch: createNodeFetch(),
    })
      .jobs(DEMO_PROJECT)
      .list({ state: 'finished', count: 1 })
      [Symbol.asyncIterator]()
      .next()
    const key = (first.value as { key: string }).key
    const [project, spider, job] = key.split('/').map(Number) as [number, number, number]
    const agent = new Agent({ keepAlive: true })
    const bare = () =>
      new Promise<unknown>((resolve, reject) => {
        httpGet(`${base}jobs/${key}`, { agent, headers: { authorization: auth } }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))))
        }).on('error', reject)
      })
    const nodeFetch = createNodeFetch()
    const client = createClient({
      apikey: DEMO_APIKEY,
      storageUrl: base,
      validation: 'off',
      fetch: createNodeFetch(),
    })
    const config = parseConfig({
      SHUB_APIKEY: DEMO_APIKEY,
      SHUB_STORAGE: base,
      PUBLIC_PROJECTS: String(DEMO_PROJECT),
    })
    const upstream = createUpstream(config, createNodeFetch())
    const layers: [string, () => Promise<unknown>][] = [
      ['bare node:http GET + JSON.parse', bare],
      [
        'createNodeFetch + res.json()',
        async () =>
          (await nodeFetch(`${base}jobs/${key}`, { headers: { authorization: auth } })).json(),
      ],
      ['core client.job().get()', () => client.job(key).get()],
      ['edge upstream.job()', () => upstream.job({ project, spider, job, key })],
    ]
    const best = layers.map(() => Number.POSITIVE_INFINITY)
    // interleaved rounds, best kept: load from other processes hits every layer alike
    for (let r = 0; r < ROUNDS; r++) {
      for (const [i, [, fn]] of layers.entries()) best[i] = Math.min(best[i]!, await cpuPerCall(fn))
    }
    console.log(
      `upstream call: client CPU per job GET (emulator in another process, ${CONCURRENT} at once, best of ${ROUNDS} rounds)`,
    )
    for (const [i, [name]] of layers.entries()) {
      const us = best[i]!
      console.log(
        `  ${name.padEnd(34)} ${us.toFixed(1).padStart(6)} µs   ${(us / best[0]!).toFixed(2)}x bare`,
      )
    }
  } finally {
    child.kill()
    await once(child, 'exit')
  }
}
