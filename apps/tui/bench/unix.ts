/**
 * `jobmeta` as a Unix tool, each figure against its floor measured in the same run:
 *  - start-up + one field GET (`jobmeta get KEY state`) vs `node -e 0`, curl and, where python3 has
 *    `requests`, the python one-liner a script would use;
 *  - client CPU per small GET (warm, emulator in its own process): core on createNodeFetch (what the
 *    CLI uses) and on global fetch, vs bare node:http and bare fetch, and python requests where present.
 */
import { execFileSync } from 'node:child_process'
import { Agent, get } from 'node:http'
import { fileURLToPath } from 'node:url'
import { createClient } from '@jobmeta/core'
import { DEMO_APIKEY } from '@jobmeta/emulator'
import { createNodeFetch } from '../src/node-fetch.ts'
import {
  type Command,
  emptyHome,
  hasCurl,
  pythonWithRequests,
  startEmulatorProcess,
  timeInterleaved,
} from './processes.ts'
import { median } from './stats.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 15)
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
const ms = (x: number) => `${x.toFixed(0).padStart(5)} ms`
const signed = (x: number) => `${x < 0 ? '-' : '+'}${Math.abs(x).toFixed(0)} ms`

async function startupBench(url: string, key: string, state: string, python?: string) {
  const jobUrl = `${url}jobs/${key}`
  const env = { PATH: process.env.PATH ?? '', HOME: emptyHome() }
  const cliEnv = { ...env, SH_APIKEY: DEMO_APIKEY, SHUB_STORAGE: url }
  const node = process.execPath
  const commands: Command[] = [
    { name: 'node -e 0', file: node, args: ['-e', '0'], env },
    { name: 'jobmeta --version (no request)', file: node, args: [cli, '--version'], env },
    {
      name: `jobmeta get KEY state`,
      file: node,
      args: [cli, 'get', key, 'state'],
      env: cliEnv,
      expect: `${state}\n`,
    },
  ]
  if (hasCurl())
    commands.push({
      name: 'curl -s -u KEY: URL',
      file: 'curl',
      args: ['-sf', '-o', '/dev/null', '-u', `${DEMO_APIKEY}:`, jobUrl],
      env,
    })
  if (python)
    commands.push({
      name: 'python3 -c requests.get(URL)',
      file: python,
      args: [
        '-c',
        `import requests; requests.get(${JSON.stringify(jobUrl)}, auth=(${JSON.stringify(DEMO_APIKEY)}, "")).raise_for_status()`,
      ],
      env,
    })
  const times = await timeInterleaved(commands, RUNS)
  const meds = times.map(median)
  const mins = times.map((t) => Math.min(...t))
  const floor = meds[0]!
  console.log(
    `start-up + one field GET (emulator in its own process on 127.0.0.1, ${RUNS} interleaved runs, median / min)`,
  )
  for (const [i, c] of commands.entries()) {
    const extra =
      i === 0 ? '' : `   ${(meds[i]! / floor).toFixed(2)}x node -e 0, ${signed(meds[i]! - floor)}`
    console.log(`  ${c.name.padEnd(32)} ${ms(meds[i]!)} / ${ms(mins[i]!)}${extra}`)
  }
  const get = meds[2]!
  console.log(
    `  target: jobmeta get <= 150 ms (${get <= 150 ? 'holds' : 'does not hold'}) and <= node -e 0 + 60 ms (${get <= floor + 60 ? 'holds' : 'does not hold'})`,
  )
}

/** Median over rounds of the client CPU (user + system) per call of each function, in ms. */
async function cpuPerCall(fns: (() => Promise<unknown>)[], n = 300, rounds = 7): Promise<number[]> {
  for (const fn of fns) for (let i = 0; i < 100; i++) await fn() // warm up
  const per = fns.map(() => [] as number[])
  for (let r = 0; r < rounds; r++) {
    for (const [j, fn] of fns.entries()) {
      const c = process.cpuUsage()
      for (let i = 0; i < n; i++) await fn()
      const d = process.cpuUsage(c)
      per[j]!.push((d.user + d.system) / 1000 / n)
    }
  }
  return per.map(median)
}

const PY_CPU = `
import sys, time, requests
url, key, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = requests.Session(); s.auth = (key, "")
for _ in range(100): s.get(url).json()
per = []
for _ in range(7):
    t = time.process_time()
    for _ in range(n): s.get(url).json()
    per.append((time.process_time() - t) / n * 1000)
print(sorted(per)[3])
`

async function cpuBench(url: string, key: string, bytes: number, python?: string) {
  const jobUrl = `${url}jobs/${key}`
  const headers = { authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` }
  const agent = new Agent({ keepAlive: true })
  const bareHttp = () =>
    new Promise((resolve, reject) => {
      get(jobUrl, { headers, agent }, (res) => {
        let s = ''
        res.setEncoding('utf8')
        res.on('data', (d) => (s += d))
        res.on('end', () => resolve(JSON.parse(s)))
        res.on('error', reject)
      }).on('error', reject)
    })
  const bareFetch = async () => JSON.parse(await (await fetch(jobUrl, { headers })).text())
  const onNode = createClient({ apikey: DEMO_APIKEY, storageUrl: url, fetch: createNodeFetch() })
  const onGlobal = createClient({ apikey: DEMO_APIKEY, storageUrl: url })
  const [http, bare, core, coreGlobal] = (await cpuPerCall([
    bareHttp,
    bareFetch,
    () => onNode.job(key).get(),
    () => onGlobal.job(key).get(),
  ])) as [number, number, number, number]
  agent.destroy()
  const f = (x: number) => `${x.toFixed(3)} ms`
  console.log(
    `\nclient CPU per small GET (${bytes} B job, warm, sequential, median of 7 rounds x 300 calls)`,
  )
  console.log(`  bare node:http + JSON.parse            ${f(http)}`)
  console.log(`  bare fetch + JSON.parse                ${f(bare)}`)
  console.log(
    `  core on createNodeFetch (the CLI)      ${f(core)}   ${(core / http).toFixed(2)}x bare node:http, ${(core / bare).toFixed(2)}x bare fetch (target <= 1.0 ms: ${core <= 1 ? 'holds' : 'does not hold'})`,
  )
  console.log(
    `  core on global fetch (library default) ${f(coreGlobal)}   ${(coreGlobal / bare).toFixed(2)}x bare fetch (target <= 1.0 ms: ${coreGlobal <= 1 ? 'holds' : 'does not hold'})`,
  )
  if (python) {
    const py = Number(
      execFileSync(python, ['-c', PY_CPU, jobUrl, DEMO_APIKEY, '300'], { encoding: 'utf8' }),
    )
    console.log(
      `  python requests.Session + .json()      ${f(py)}   (scripting baseline; core on createNodeFetch is ${(core / py).toFixed(2)}x)`,
    )
  }
}

/** Runs both sections against one emulator process. */
export async function unixBench(): Promise<void> {
  const emulator = await startEmulatorProcess()
  try {
    const auth = { authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` }
    const list = await fetch(`${emulator.url}jobq/123456/list?state=finished&count=1`, {
      headers: auth,
    })
    const { key, state } = JSON.parse(await list.text()) as { key: string; state: string }
    const bytes = (await (await fetch(`${emulator.url}jobs/${key}`, { headers: auth })).text())
      .length
    const python = pythonWithRequests()
    await startupBench(emulator.url, key, state, python)
    await cpuBench(emulator.url, key, bytes, python)
    if (!python) console.log('  (python3 with requests not found: its lines are skipped)')
  } finally {
    await emulator.stop()
  }
}
