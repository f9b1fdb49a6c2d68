/** Runs the built CLI as a child process with a clean environment (no real keys, an empty HOME). */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Absolute path of dist/cli.js. */
export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url))

/** A fresh HOME without ~/.scrapinghub.yml. */
export function emptyHome(): string {
  return mkdtempSync(join(tmpdir(), 'jobmeta-home-'))
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
  const base: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: emptyHome(),
    NO_COLOR: '1',
  }
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
