/**
 * Start-up cost of importing core's entry as users load it (dist/index.js, a fresh process each
 * time), against `node -e 0` in interleaved runs; zod's own import time as a breakdown.
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const RUNS = Number(process.env.BENCH_RUNS ?? 15)

/** Runs `node ...args` in core's folder; resolves with the wall ms and what it printed. */
function run(args: string[]): Promise<{ ms: number; out: string }> {
  return new Promise((resolve, reject) => {
    const t = performance.now()
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve({ ms: performance.now() - t, out }) : reject(new Error(`exit ${code}`)),
    )
  })
}

/** A module script that imports `spec` and prints how long the import took, in ms. */
const timedImport = (spec: string) => [
  '--input-type=module',
  '-e',
  `const t = performance.now(); await import(${JSON.stringify(spec)}); process.stdout.write(String(performance.now() - t))`,
]

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Prints the import cost of core's entry vs node -e 0. */
export async function importBench(): Promise<void> {
  if (!existsSync(`${root}dist/index.js`))
    execFileSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
  const cases = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: "import '@jobmeta/core' (dist)", args: timedImport('./dist/index.js') },
    { name: "import 'zod' alone", args: timedImport('zod') },
  ]
  const wall = cases.map(() => [] as number[])
  const inside = cases.map(() => [] as number[])
  for (let r = -1; r < RUNS; r++) {
    for (const [i, c] of cases.entries()) {
      const { ms, out } = await run(c.args)
      if (r < 0) continue
      wall[i]!.push(ms)
      if (out) inside[i]!.push(Number(out))
    }
  }
  const floor = median(wall[0]!)
  console.log(`\n## import cost (fresh process each run, ${RUNS} interleaved runs, medians)`)
  console.log(`node -e 0: ${floor.toFixed(0)} ms wall`)
  for (const [i, c] of cases.entries()) {
    if (i === 0) continue
    const imp = median(inside[i]!)
    const w = median(wall[i]!)
    const target = i === 1 ? ` (target <= 40 ms: ${imp <= 40 ? 'holds' : 'does not hold'})` : ''
    console.log(
      `${c.name}: import ${imp.toFixed(1)} ms${target}; process ${w.toFixed(0)} ms wall = ${(w / floor).toFixed(2)}x node -e 0`,
    )
  }
}
