import { execFileSync } from 'node:child_process'
import { symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pkg from '../package.json' with { type: 'json' }
import { startTestServer, TEST_KEY } from '../src/test-support.ts'
import { VERSION } from '../src/version.ts'
import { CLI, cleanEnv, emptyHome, runCli } from './run-cli.ts'

type Server = Awaited<ReturnType<typeof startTestServer>>
let server: Server
let auth: string[]

beforeAll(async () => {
  server = await startTestServer()
  auth = ['--apikey', TEST_KEY, '--storage-url', server.url]
})
afterAll(() => server.close())

describe('the built jobmeta command', () => {
  it('prints the version and help', async () => {
    expect(VERSION).toBe(pkg.version)
    expect(await runCli(['--version'])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' })
    const help = await runCli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('jobmeta watch KEY [--interval S]')
    expect(help.stdout).toContain('Exit codes:')
  })

  it('runs when started through a symlink, as an installed binary is', () => {
    const link = join(emptyHome(), 'jobmeta')
    symlinkSync(CLI, link)
    expect(execFileSync(link, ['--version'], { encoding: 'utf8', env: cleanEnv() })).toBe(
      `${VERSION}\n`,
    )
  })

  it('prints usage on stderr and exits 2 on bad arguments', async () => {
    for (const args of [
      ['--bogus'],
      ['ls', '--count', 'x'],
      ['watch'],
      ['get'],
      ['get', '1/x/3'],
      ['watch', 'abc'],
      ['ls', '1/2/3'],
      ['bogus'],
    ]) {
      const r = await runCli(args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr).toContain('Usage:')
    }
  })

  it('ls prints a table and get prints fields one per line', async () => {
    const ls = await runCli(['ls', '1', '--count', '2', ...auth])
    expect(ls.code).toBe(0)
    expect(ls.stdout.trimEnd().split('\n')).toHaveLength(3)
    const get = await runCli(['get', '1/1/1', 'state', 'scrapystats.item_scraped_count', ...auth])
    expect(get).toMatchObject({ code: 0, stdout: 'finished\n120\n' })
  })

  it('exits 1 with an explanation for a missing job or an unreachable server', async () => {
    const missing = await runCli(['get', '1/9/999', ...auth])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('job not found')
    const down = await runCli([
      'ls',
      '1',
      '--retries',
      '0',
      '--apikey',
      TEST_KEY,
      '--storage-url',
      'http://127.0.0.1:9/',
    ])
    expect(down.code).toBe(1)
    expect(down.stderr).toContain('cannot reach 127.0.0.1:9')
  })

  it('watch exits 3 for a job that already failed', async () => {
    const r = await runCli(['watch', '1/2/2', '--interval', '0.05', ...auth])
    expect(r.code).toBe(3)
    expect(r.stdout).toMatch(/1\/2\/2 {2}finished outcome=failed close_reason=failed/)
  })

  it('watch exits 130 when interrupted while the job is still running', async () => {
    server.emulator.store.put({
      key: '8/1/1',
      spider: 'w',
      state: 'running',
      running_time: Date.now(),
    })
    let sent = false
    const r = await runCli(
      ['watch', '8/1/1', '--interval', '0.05', ...auth],
      {},
      undefined,
      (out, child) => {
        if (!sent && out.includes('8/1/1  running')) {
          sent = true
          child.kill('SIGINT')
        }
      },
    )
    expect(r.code).toBe(130)
  })

  it('reads the key from SH_APIKEY and the project and key from scrapinghub.yml', async () => {
    const env = await runCli(['ls', '1', '--count', '1', '--json'], {
      SH_APIKEY: TEST_KEY,
      SHUB_STORAGE: server.url,
    })
    expect(JSON.parse(env.stdout).key).toBe('1/1/5')
    const home = emptyHome()
    writeFileSync(
      join(home, '.scrapinghub.yml'),
      `apikeys:\n  default: ${TEST_KEY}\nprojects:\n  default: 1\n`,
    )
    const yml = await runCli(['ls', '--count', '1', '--json'], {
      HOME: home,
      SHUB_STORAGE: server.url,
    })
    expect(yml.code).toBe(0)
    expect(JSON.parse(yml.stdout).key).toBe('1/1/5')
  })

  it('without a TTY the viewer prints the list once and exits 0 (demo mode without a key)', async () => {
    const r = await runCli([])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain('built-in demo emulator')
    expect(r.stdout).toMatch(/^KEY\s+SPIDER/)
    expect(r.stdout).toMatch(/123456\/\d+\/\d+/)
  })

  it('with --json the viewer prints JSON once, as the design says', async () => {
    const job = await runCli(['1/1/3', '--json', ...auth])
    expect(job.code).toBe(0)
    expect(JSON.parse(job.stdout)).toMatchObject({ state: 'finished', close_reason: 'cancelled' })
    const list = await runCli(['1', '--json', '--state', 'finished', ...auth])
    expect(list.code).toBe(0)
    expect(
      list.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).key),
    ).toEqual(['1/1/3', '1/2/2', '1/1/1'])
  })

  it('without a TTY a job target prints that job once', async () => {
    const r = await runCli(['1/1/3', ...auth])
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')[0]).toBe('1/1/3  books  finished  cancelled')
  })
})
