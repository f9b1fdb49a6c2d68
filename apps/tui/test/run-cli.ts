/** Runs the built CLI as a child process with a clean environment (no real keys, an empty HOME). */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll } from 'vitest'

/** Absolute path of dist/cli.js. */
export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url))

const homes: string[] = []
// Registered in the suite of each test file that imports this module.
afterAll(() => {
  for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A fresh HOME without ~/.scrapinghub.yml (removed after the test file). */
export function emptyHome(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jobmeta-home-'))
  homes.push(dir)
  return dir
}

/** The whole environment a test gives a process it starts: a PATH and an empty HOME, nothing inherited. */
export function cleanEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: emptyHome() }
}

/** Exit code and output of one run. */
export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Spawns `node dist/cli.js ...args` with pipes (so stdout is not a TTY). */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
  onStdout?: (soFar: string, child: ChildProcess) => void,
): Promise<CliResult> {
  const base: Record<string, string> = { ...cleanEnv(), NO_COLOR: '1' }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...base, ...env },
      cwd: cwd ?? emptyHome(),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
      onStdout?.(stdout, child)
    })
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
