/**
 * `jobmeta` as a Unix tool: start-up + one request (`jobmeta get KEY state`, what a script calls
 * in a loop, and `jobmeta ls PROJECT --count 5`) against its floors measured in the same
 * interleaved runs: `node -e 0`, curl, and,
 * where python3 has `requests`, the python one-liner a script would use. (Client CPU per call is in
 * @jobmeta/core's bench.)
 */
import { fileURLToPath } from 'node:url'
import { DEMO_APIKEY } from '@jobmeta/emulator'
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
    {
      name: 'jobmeta ls PROJECT --count 5',
      file: node,
      args: [cli, 'ls', key.split('/')[0]!, '--count', '5'],
      env: cliEnv,
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
    `start-up + one request (emulator in its own process on 127.0.0.1, ${RUNS} interleaved runs, median / min)`,
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

/** Runs the start-up comparison against an emulator in its own process. */
export async function unixBench(): Promise<void> {
  const emulator = await startEmulatorProcess()
  try {
    const auth = { authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` }
    const list = await fetch(`${emulator.url}jobq/123456/list?state=finished&count=1`, {
      headers: auth,
    })
    const { key, state } = JSON.parse(await list.text()) as { key: string; state: string }
    const python = pythonWithRequests()
    await startupBench(emulator.url, key, state, python)
    if (!python) console.log('  (python3 with requests not found: its line is skipped)')
  } finally {
    await emulator.stop()
  }
}
