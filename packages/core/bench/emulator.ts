/** The bench's emulator, in its own process (so its memory and CPU are not counted as the client's). */
import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

/** A running emulator child: its URL, the seeded job keys, the process. */
export interface Served {
  url: string
  keys: string[]
  child: ChildProcess
}

/** Starts bench/serve.ts with `jobs` lean jobs and an optional latency on /jobs/ routes. */
export async function serve(jobs: number, latencyMs = 0): Promise<Served> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      new URL('./serve.ts', import.meta.url).pathname,
      String(jobs),
      String(latencyMs),
    ],
    {
      // the whole environment: nothing inherited from the caller's shell
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)))
  })
  return { ...(JSON.parse(line) as { url: string; keys: string[] }), child }
}

/** Stops a served emulator (it exits when its stdin ends). */
export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.stdin?.end()
  })
}
