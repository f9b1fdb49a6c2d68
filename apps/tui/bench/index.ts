/**
 * `pnpm bench`: the CLI as a Unix tool (start-up + one GET, CPU per GET; see unix.ts), start-up time
 * to the first rendered list (ratio to `node -e ''`), and re-render times. `pnpm bench startup`
 * runs only the start-up to the first list; `pnpm bench unix` only the start-up + one request.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { timeInPty } from './startup.ts'
import { median } from './stats.ts'
import { unixBench } from './unix.ts'

// Measure React as the built CLI runs it (production build, no dev-only profiling hooks).
process.env.NODE_ENV = 'production'
const { renderBench } = await import('./render.tsx')

const root = fileURLToPath(new URL('..', import.meta.url))
const cli = `${root}dist/cli.js`
if (!existsSync(cli)) execFileSync(process.execPath, ['build.mjs'], { cwd: root, stdio: 'inherit' })

const only = process.argv[2]
if (only !== undefined && only !== 'startup' && only !== 'unix')
  throw new Error(`unknown bench "${only}" (startup, unix)`)
if (!only || only === 'unix') {
  await unixBench()
  if (only) process.exit(0)
  console.log('')
}

const RUNS = 7
const base: number[] = []
const start: number[] = []
// Interleaved so that machine load affects both series alike.
for (let i = 0; i < RUNS; i++) {
  base.push(await timeInPty(`${process.execPath} -e ''`))
  start.push(await timeInPty(`${process.execPath} ${cli}`, 'jobs loaded'))
}
const b = median(base)
const s = median(start)
console.log(`start-up to first rendered list (demo, in a 120x40 pty, median of ${RUNS} runs)`)
console.log(`  node -e ''            ${b.toFixed(0).padStart(6)} ms`)
console.log(
  `  jobmeta first list    ${s.toFixed(0).padStart(6)} ms   ratio ${(s / b).toFixed(2)}x node start-up`,
)
if (only) process.exit(0)
console.log('')
console.log(
  're-render after a key press (Ink render of the real App, data from the emulator; target p95 ≤ 16 ms),',
)
console.log('against the same Ink render of a static 40-row screen in this run')
const { baseline, results } = await renderBench()
const line = (r: { name: string; median: number; p95: number; presses: number }) =>
  `  ${r.name.padEnd(46)} median ${r.median.toFixed(1).padStart(6)} ms   p95 ${r.p95.toFixed(1).padStart(6)} ms`
console.log(`${line(baseline)}   (${baseline.presses} presses)`)
for (const r of results) {
  console.log(
    `${line(r)}   ratio ${(r.median / baseline.median).toFixed(1)}x / p95 ${(r.p95 / baseline.p95).toFixed(1)}x   (${r.presses} presses)`,
  )
}
process.exit(0)
