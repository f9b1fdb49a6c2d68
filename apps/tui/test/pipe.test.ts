// Broken pipes through a real shell pipeline: a reader that stops early is not an error. Every
// subcommand stops quietly and exits 0 (with `set -o pipefail`, the pipeline's status is ours).
import { spawn } from 'node:child_process'
import { generateJobs } from '@jobmeta/emulator'
import { startEmulator } from '@jobmeta/emulator/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI, cleanEnv, emptyHome } from './run-cli.ts'

const KEY = 'a1a1a1a1b2b2b2b2c3c3c3c3d4d4d4d4'
const PROJECT = 4100
/** Enough rows that `ls` writes far more than a pipe buffer (64 KiB) holds. */
const JOBS = 3000

let emulator: Awaited<ReturnType<typeof startEmulator>>
let job: string

beforeAll(async () => {
  const seed = generateJobs(JOBS, { project: PROJECT, running: 1, pending: 0 })
  emulator = await startEmulator({ port: 0, host: '127.0.0.1', seed, apikeys: { [KEY]: '*' } })
  job = seed.find((j) => j.state === 'running')?.key as string
})
afterAll(() => emulator?.close())

/** Runs `jobmeta ARGS | READER` in bash with pipefail; the environment is given in full. */
function pipeline(args: string, reader: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      '/bin/bash',
      ['--noprofile', '--norc', '-o', 'pipefail', '-c', `"$NODE" "$CLI" ${args} | ${reader}`],
      {
        env: {
          ...cleanEnv(),
          NODE: process.execPath,
          CLI,
          SH_APIKEY: KEY,
          SHUB_STORAGE: emulator.url,
        },
        cwd: emptyHome(),
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    )
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stderr }))
  })
}

describe('a reader that closes the pipe early', () => {
  it.each([
    [`ls ${PROJECT} --count ${JOBS}`, 'head -1'],
    [`ls ${PROJECT} --count ${JOBS} --json`, 'head -1'],
    [`ls ${PROJECT}`, 'true'],
    [`${PROJECT} --json`, 'true'],
    [`${PROJECT}`, 'true'],
    ['get JOB', 'true'],
    ['get JOB --json', 'true'],
    ['get JOB state', 'true'],
    ['JOB --json', 'true'],
    ['watch JOB --interval 1', 'true'],
  ])('jobmeta %s | %s exits 0 without a stack trace', async (args, reader) => {
    const r = await pipeline(args.replace('JOB', job), reader)
    expect(r.stderr).not.toMatch(/EPIPE|Error|at .*\.js:\d+/)
    expect(r.code).toBe(0)
  })

  it('head -1 gets the header line of ls', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        '/bin/bash',
        ['--noprofile', '--norc', '-o', 'pipefail', '-c', `"$NODE" "$CLI" ls ${PROJECT} | head -1`],
        {
          env: {
            ...cleanEnv(),
            NODE: process.execPath,
            CLI,
            SH_APIKEY: KEY,
            SHUB_STORAGE: emulator.url,
          },
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      )
      let stdout = ''
      child.stdout.on('data', (d) => (stdout += d))
      child.on('error', reject)
      child.on('close', () => resolve(stdout))
    })
    expect(out).toMatch(/^KEY\s+SPIDER\s+STATE/)
  })
})
