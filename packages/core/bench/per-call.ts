/**
 * Client CPU per small GET: process.cpuUsage() over sequential calls to an emulator in its own
 * process, core's client against bare fetch + JSON.parse of the same URL (the floor), alternating
 * rounds, median per side.
 */
import { DEMO_APIKEY } from '@jobmeta/emulator'
import { createClient } from '../src/index.ts'
import { serve, stop } from './emulator.ts'

/** Median over rounds of the CPU (user + system) per call of each function, in ms. */
export async function cpuPerCall(
  fns: (() => Promise<unknown>)[],
  n = 300,
  rounds = 7,
): Promise<number[]> {
  for (const fn of fns) for (let i = 0; i < 100; i++) await fn() // warm up (JIT, connections)
  const per = fns.map(() => [] as number[])
  for (let r = 0; r < rounds; r++) {
    for (const [j, fn] of fns.entries()) {
      const c = process.cpuUsage()
      for (let i = 0; i < n; i++) await fn()
      const d = process.cpuUsage(c)
      per[j]!.push((d.user + d.system) / 1000 / n)
    }
  }
  return per.map((xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!)
}

/** Prints core's client CPU per GET of a ~1.3 KB job next to bare fetch's. */
export async function perCallBench(): Promise<void> {
  const { url, keys, child } = await serve(20)
  try {
    const key = keys[0]!
    const jobUrl = new URL(`jobs/${key}`, url)
    const headers = { authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` }
    const bytes = (await (await fetch(jobUrl, { headers })).text()).length
    const client = createClient({ apikey: DEMO_APIKEY, storageUrl: url })
    const [bare, ours] = (await cpuPerCall([
      async () => JSON.parse(await (await fetch(jobUrl, { headers })).text()),
      () => client.job(key).get(),
    ])) as [number, number]
    console.log(
      `\n## client CPU per small GET (${bytes} B job, warm, sequential, median of 7 rounds x 300 calls)`,
    )
    console.log(`bare fetch + JSON.parse: ${bare.toFixed(3)} ms`)
    console.log(
      `client job(key).get(): ${ours.toFixed(3)} ms = ${(ours / bare).toFixed(2)}x bare fetch ` +
        `(target <= 1.0 ms: ${ours <= 1 ? 'holds' : 'does not hold'}; python-scrapinghub 2.8 took 0.91-0.98 ms on this machine, issue 15)`,
    )
  } finally {
    await stop(child)
  }
}
