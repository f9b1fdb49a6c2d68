/**
 * Client CPU per small GET: process.cpuUsage() over sequential calls to an emulator in its own
 * process, alternating rounds, median per side. The client on Node's global fetch (the library's
 * default) and on createNodeFetch (@jobmeta/core/node, what the CLI uses), each against the bare
 * transport under it doing a GET + JSON.parse of the same URL; python requests where present.
 */
import { execFileSync } from 'node:child_process'
import { Agent, get } from 'node:http'
import { DEMO_APIKEY } from '@jobmeta/emulator'
import { createClient } from '../src/index.ts'
import { createNodeFetch } from '../src/node/fetch.ts'
import { serve, stop } from './emulator.ts'

const ROUNDS = 7
const CALLS = 300

/** Median over rounds of the CPU (user + system) per call of each function, in ms. */
async function cpuPerCall(fns: (() => Promise<unknown>)[]): Promise<number[]> {
  for (const fn of fns) for (let i = 0; i < 100; i++) await fn() // warm up (JIT, connections)
  const per = fns.map(() => [] as number[])
  for (let r = 0; r < ROUNDS; r++) {
    for (const [j, fn] of fns.entries()) {
      const c = process.cpuUsage()
      for (let i = 0; i < CALLS; i++) await fn()
      const d = process.cpuUsage(c)
      per[j]!.push((d.user + d.system) / 1000 / CALLS)
    }
  }
  return per.map((xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!)
}

// The same measurement in Python: a requests.Session (keep-alive) and .json() per call.
const PY_CPU = `
import sys, time, requests
url, key, n, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
s = requests.Session(); s.auth = (key, "")
for _ in range(100): s.get(url).json()
per = []
for _ in range(rounds):
    t = time.process_time()
    for _ in range(n): s.get(url).json()
    per.append((time.process_time() - t) / n * 1000)
print(sorted(per)[len(per) // 2])
`

/** Python's CPU per call, or undefined when python3 or requests is missing. */
function pythonCpuPerCall(url: string): number | undefined {
  let python: string
  try {
    // the real interpreter: a pyenv shim would add its own start-up, not that it matters here
    python = execFileSync('python3', ['-c', 'import sys, requests; print(sys.executable)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
  } catch {
    return undefined
  }
  const out = execFileSync(
    python,
    ['-c', PY_CPU, url, DEMO_APIKEY, String(CALLS), String(ROUNDS)],
    { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
  )
  return Number(out)
}

/** Prints the client's CPU per GET of a ~1.3 KB job next to the bare transports'. */
export async function perCallBench(): Promise<void> {
  const { url, keys, child } = await serve(20)
  try {
    const key = keys[0]!
    const jobUrl = `${url}jobs/${key}`
    const headers = { authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` }
    const bytes = (await (await fetch(jobUrl, { headers })).text()).length
    const agent = new Agent({ keepAlive: true })
    const bareHttp = () =>
      new Promise((resolve, reject) => {
        get(jobUrl, { headers, agent }, (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (d) => (text += d))
          res.on('end', () => resolve(JSON.parse(text)))
          res.on('error', reject)
        }).on('error', reject)
      })
    const onGlobal = createClient({ apikey: DEMO_APIKEY, storageUrl: url })
    const onNode = createClient({ apikey: DEMO_APIKEY, storageUrl: url, fetch: createNodeFetch() })
    const [bare, ours, http, ourNode] = (await cpuPerCall([
      async () => JSON.parse(await (await fetch(jobUrl, { headers })).text()),
      () => onGlobal.job(key).get(),
      bareHttp,
      () => onNode.job(key).get(),
    ])) as [number, number, number, number]
    agent.destroy()
    const ms = (x: number) => `${x.toFixed(3)} ms`
    const target = (x: number) => `target <= 1.0 ms: ${x <= 1 ? 'holds' : 'does not hold'}`
    console.log(
      `\n## client CPU per small GET (${bytes} B job, warm, sequential, median of ${ROUNDS} rounds x ${CALLS} calls)`,
    )
    console.log(`bare fetch + JSON.parse: ${ms(bare)}`)
    console.log(
      `client on global fetch (the default): ${ms(ours)} = ${(ours / bare).toFixed(2)}x bare fetch (${target(ours)})`,
    )
    console.log(`bare node:http + JSON.parse: ${ms(http)}`)
    console.log(
      `client on createNodeFetch (@jobmeta/core/node, the CLI): ${ms(ourNode)} = ${(ourNode / http).toFixed(2)}x bare node:http, ${(ourNode / bare).toFixed(2)}x bare fetch (${target(ourNode)})`,
    )
    const py = pythonCpuPerCall(jobUrl)
    if (py === undefined) console.log('python requests: skipped (no python3 with requests)')
    else
      console.log(
        `python requests.Session + .json() (scripting baseline): ${ms(py)}; the client on createNodeFetch is ${(ourNode / py).toFixed(2)}x, on global fetch ${(ours / py).toFixed(2)}x`,
      )
  } finally {
    await stop(child)
  }
}
