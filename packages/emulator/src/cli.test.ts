import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { parseCli } from './cli.ts'
import { DEMO_APIKEY } from './index.ts'

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url))
const children: ChildProcess[] = []

function launch(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    // the whole environment: nothing inherited from the shell that started the tests
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d) => {
    stdout += d
  })
  child.stderr!.on('data', (d) => {
    stderr += d
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)\n/.exec(stdout)
      if (m) resolve(m[1]!)
    })
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)))
  })
  // Handled here so a launch whose test only awaits `exited` does not leave a rejection behind.
  listening.catch(() => {})
  return { child, exited, listening, output: () => ({ stdout, stderr }) }
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill()
})

// Each test starts the CLI through tsx, which compiles it first: seconds on a loaded 2-core machine.
describe('the CLI launcher', { timeout: 20_000 }, () => {
  it('serves a seed file with extra API keys and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobmeta-emulator-'))
    const file = join(dir, 'seed.json')
    writeFileSync(
      file,
      JSON.stringify([
        { key: '42/1/7', spider: 'seeded', finished_time: 1_600_000_000_000, tags: ['t'] },
        { key: '43/2/1', spider: 'other', state: 'pending', pending_time: 1_600_000_000_000 },
      ]),
    )
    const run = launch(['--port', '0', '--seed', file, '--apikey', 'k1', '--apikey', 'k2'])
    const base = await run.listening
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const row = await fetch(`${base}/jobq/42/list?apikey=k2`)
    expect(JSON.parse(await row.text())).toMatchObject({ key: '42/1/7', state: 'finished' })
    const pending = await fetch(`${base}/jobq/43/count?state=pending`, {
      headers: { Authorization: `Basic ${btoa('k1:')}` },
    })
    expect(await pending.text()).toBe('1')
    // The demo key still works but does not read these projects.
    expect((await fetch(`${base}/jobq/42/list?apikey=${DEMO_APIKEY}`)).status).toBe(403)
    run.child.kill('SIGTERM')
    expect(await run.exited).toBe(0)
  })

  it('prints usage and exits 2 for a bad flag', async () => {
    const run = launch(['--bogus'])
    await expect(run.listening).rejects.toThrow(/exited 2/)
    expect(run.output().stderr).toContain('usage: jobmeta-emulator')
  })

  it('starts empty with --seed empty and answers an empty list', async () => {
    const run = launch(['--port', '0', '--seed', 'empty', '--apikey', 'k'])
    const base = await run.listening
    expect(run.output().stdout).toMatch(/^listening on /)
    const res = await fetch(`${base}/jobq/123456/list?apikey=k`)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
    run.child.kill('SIGINT')
    expect(await run.exited).toBe(0)
  })
})

describe('parseCli', () => {
  it('applies the defaults and collects repeated keys', () => {
    expect(parseCli([])).toEqual({
      port: 7070,
      host: '127.0.0.1',
      seed: 'demo',
      apikeys: [],
      simulate: false,
    })
    expect(parseCli(['--apikey', 'a', '--apikey', 'b', '--simulate', '--port', '0'])).toMatchObject(
      {
        apikeys: ['a', 'b'],
        simulate: true,
        port: 0,
      },
    )
    expect(parseCli(['--help'])).toBe('help')
  })

  it('rejects bad values and unknown flags', () => {
    for (const args of [
      ['--port', 'abc'],
      ['--port', '70000'],
      ['--nope'],
      ['extra'],
      ['--apikey', ''],
    ])
      expect(() => parseCli(args), args.join(' ')).toThrow()
  })
})
