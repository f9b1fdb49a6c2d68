/** Bench helpers: an emulator in its own process, and timed runs of short-lived commands. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'

/** A running emulator child process (demo seed, no simulation) on 127.0.0.1. */
export interface EmulatorProcess {
  url: string
  stop(): Promise<void>
}

/** Starts `jobmeta-emulator --port 0` in its own process, so its CPU is not counted as the client's. */
export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const cli = join(dirname(createRequire(import.meta.url).resolve('@jobmeta/emulator')), 'cli.ts')
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0'], {
    // the whole environment: nothing inherited from the caller's shell
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)))
  })
  const url = /listening on (\S+)/.exec(line)?.[1]
  if (!url) throw new Error(`unexpected emulator output: ${line}`)
  return {
    url: `${url}/`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

/** One command to time. `expect`: its stdout must be exactly this, or the run counts as broken. */
export interface Command {
  name: string
  file: string
  args: string[]
  env?: Record<string, string>
  expect?: string
}

/** Spawns the command and resolves with the wall time from spawn to exit, in ms. */
export function timeCommand(cmd: Command): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now()
    const child = spawn(cmd.file, cmd.args, {
      env: cmd.env ?? { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('error', reject)
    child.on('close', (code) => {
      const ms = performance.now() - t
      if (code !== 0 || (cmd.expect !== undefined && out !== cmd.expect)) {
        reject(new Error(`${cmd.name}: exit ${code}, stdout ${JSON.stringify(out)}, stderr ${err}`))
      } else resolve(ms)
    })
  })
}

/** Times each command `runs` times in interleaved rounds (after one untimed round); ms per command. */
export async function timeInterleaved(commands: Command[], runs: number): Promise<number[][]> {
  const times = commands.map(() => [] as number[])
  for (let r = -1; r < runs; r++) {
    for (const [i, cmd] of commands.entries()) {
      const ms = await timeCommand(cmd)
      if (r >= 0) times[i]!.push(ms)
    }
  }
  return times
}

/** The real python3 executable when `requests` imports (pyenv shims add their own start-up), else undefined. */
export function pythonWithRequests(): string | undefined {
  try {
    return execFileSync('python3', ['-c', 'import sys, requests; print(sys.executable)'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
  } catch {
    return undefined
  }
}

/** Whether `curl` runs. */
export function hasCurl(): boolean {
  try {
    execFileSync('curl', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** A fresh, empty HOME for a child (no ~/.scrapinghub.yml, no user config). */
export function emptyHome(): string {
  return mkdtempSync(join(tmpdir(), 'jobmeta-bench-'))
}
