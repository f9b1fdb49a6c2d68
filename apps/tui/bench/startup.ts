/** Start-up time: process start to the first rendered job list, in a pseudo-terminal (`script`). */
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// The whole environment of the measured process: nothing inherited (no keys, NO_COLOR, CI...).
function cleanEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: mkdtempSync(join(tmpdir(), 'jobmeta-bench-')),
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
  }
}

/**
 * Runs `command` under `script` in a 120x40 pty and resolves with the milliseconds until `marker`
 * appears in its output (or until it exits when no marker is given). Sends `quit` once the marker is seen.
 */
export function timeInPty(command: string, marker?: string, quit = 'q'): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(
      'script',
      ['-qfec', `stty cols 120 rows 40; exec ${command}`, '/dev/null'],
      {
        env: cleanEnv(),
        stdio: ['pipe', 'pipe', 'ignore'],
      },
    )
    let out = ''
    let seenAt: number | undefined
    child.stdout.on('data', (d: Buffer) => {
      if (seenAt !== undefined || !marker) return
      out += d.toString('utf8')
      if (out.includes(marker)) {
        seenAt = performance.now() - start
        child.stdin.write(quit)
      }
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('error', reject)
    child.on('close', () => {
      clearTimeout(timer)
      const elapsed = marker ? seenAt : performance.now() - start
      if (elapsed === undefined)
        reject(new Error(`never saw "${marker}" in the output of ${command}`))
      else resolve(elapsed)
    })
  })
}
