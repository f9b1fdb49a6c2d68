import { execFileSync } from 'node:child_process'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
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

  it('on bad arguments prints one line of reason and one of hint on stderr, and exits 2', async () => {
    for (const [args, reason] of [
      [['--bogus'], 'unknown option --bogus'],
      [['ls', '--count', 'x'], '--count must be a positive integer'],
      [['watch'], 'watch needs exactly one job key'],
      [['get'], 'get needs a job key'],
      [['get', '1/x/3'], 'invalid job key "1/x/3"'],
      [['watch', 'abc'], 'invalid job key "abc"'],
      [['ls', '1/2/3'], 'invalid project "1/2/3"'],
      [['bogus'], 'no target named "bogus"'],
      [['ls', '--outcome', 'nope'], '--outcome must be one of'],
      [
        ['get', '2/3', '--apikey', TEST_KEY, '--storage-url', 'http://127.0.0.1:9/'],
        'no default project',
      ],
      [['ls', 'prod', '--project', 'staging'], 'one target per call: got prod and staging'],
    ] as const) {
      const r = await runCli([...args])
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stdout).toBe('')
      const lines = r.stderr.trimEnd().split('\n')
      expect(lines, args.join(' ')).toHaveLength(2)
      expect(lines[0]).toContain(`jobmeta: ${reason}`)
      expect(lines[1]).toBe('run jobmeta --help for usage')
    }
  })

  it('a URL without a scheme is a usage error (exit 2), whichever way it is given', async () => {
    for (const [args, env] of [
      [['ls', '1'], { SHUB_STORAGE: 'storage.example', SH_APIKEY: TEST_KEY }],
      [['ls', '1', '--storage-url', 'storage.example', '--apikey', TEST_KEY], {}],
      [['get', '1/1/1'], { SHUB_JOBQ: '127.0.0.1:1', SH_APIKEY: TEST_KEY }],
    ] as const) {
      const r = await runCli([...args], { ...env })
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/must be an http\(s\) URL with a scheme/)
      expect(r.stderr).not.toContain(TEST_KEY)
    }
  })

  it('ls prints a table and get prints fields one per line', async () => {
    const ls = await runCli(['ls', '1', '--count', '2', ...auth])
    expect(ls.code).toBe(0)
    expect(ls.stdout.trimEnd().split('\n')).toHaveLength(3)
    const get = await runCli(['get', '1/1/1', 'state', 'scrapystats.item_scraped_count', ...auth])
    expect(get).toMatchObject({ code: 0, stdout: 'finished\n120\n' })
  })

  it('get: several keys, one JSON line each with the key and summary; an unknown field exits 1', async () => {
    const json = await runCli(['get', '1/1/1', '1/2/2', '--json', ...auth])
    expect(json.code).toBe(0)
    const docs = json.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(docs.map((d) => [d.key, d.summary.outcome])).toEqual([
      ['1/1/1', 'ok'],
      ['1/2/2', 'failed'],
    ])
    expect(docs[1].summary.runTimeMs).toBe(540_000)
    const text = await runCli(['get', '1/1/1', '1/2/2', 'state', 'close_reason', ...auth])
    expect(text).toMatchObject({
      code: 0,
      stdout:
        '1/1/1\n  state  finished\n  close_reason  finished\n1/2/2\n  state  finished\n  close_reason  failed\n',
    })
    const typo = await runCli(['get', '1/1/1', 'stat', ...auth])
    expect(typo.code).toBe(1)
    expect(typo.stderr).toContain('jobmeta: 1/1/1: no such field: stat')
  })

  it('short keys resolve against the default project of scrapinghub.yml (found in a parent folder), by spider id or name', async () => {
    const home = emptyHome()
    const work = join(home, 'proj', 'deep')
    mkdirSync(work, { recursive: true })
    writeFileSync(join(home, 'proj', 'scrapinghub.yml'), 'projects:\n  default: {id: 1}\n')
    const env = { SH_APIKEY: TEST_KEY, SHUB_STORAGE: server.url }
    const r = await runCli(['get', '2/2', 'books/3', 'state', '--json'], env, work)
    expect(r.code).toBe(0)
    expect(
      r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).key),
    ).toEqual(['1/2/2', '1/1/3'])
    const unknown = await runCli(['get', 'nosuch/3'], env, work)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('no spider named "nosuch" in project 1')
  })

  it('ls --outcome/--since/--sort filter and order; rows carry outcome and run time', async () => {
    const failed = await runCli(['ls', '1', '--outcome', 'failed,cancelled', '--json', ...auth])
    expect(failed.code).toBe(0)
    const rows = failed.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(rows.map((r) => [r.key, r.outcome])).toEqual([
      ['1/1/3', 'cancelled'],
      ['1/2/2', 'failed'],
    ])
    expect(rows[1].runTimeMs).toBe(540_000)
    // the seed's jobs are hours old: nothing in the last minute but what was put there just now
    await server.control.putJobs([
      {
        key: '5/1/2',
        spider: 's',
        state: 'running',
        running_time: Date.now(),
      },
    ])
    const old = Date.now() - 3_600_000
    await server.control.putJobs([
      { key: '5/1/1', spider: 's', state: 'finished', finished_time: old },
    ])
    const all = await runCli(['ls', '5', '--json', ...auth])
    expect(all.stdout.trimEnd().split('\n')).toHaveLength(2)
    const recent = await runCli(['ls', '5', '--since', '1m', '--json', ...auth])
    expect(
      recent.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).key),
    ).toEqual(['5/1/2'])
    const sorted = await runCli([
      'ls',
      '1',
      '--state',
      'finished',
      '--sort',
      'runtime',
      '--json',
      ...auth,
    ])
    const times = sorted.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).runTimeMs)
    expect(times).toEqual([...times].sort((a, b) => b - a))
  })

  it('a named target (jobmeta ls prod) uses its project and the API key it names', async () => {
    const home = emptyHome()
    writeFileSync(
      join(home, '.scrapinghub.yml'),
      `projects:\n  default: 2\n  prod: {id: 1, apikey: other}\napikeys:\n  default: not-a-key\n  other: ${TEST_KEY}\n`,
    )
    const env = { HOME: home, SHUB_STORAGE: server.url }
    const r = await runCli(['ls', 'prod', '--count', '1', '--json'], env)
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).key).toBe('1/1/5')
    // the default target's key is rejected: the named key was used above
    expect((await runCli(['ls', '--count', '1'], env)).code).toBe(1)
    const job = await runCli(['get', 'prod/2/2', 'state'], env)
    expect(job).toMatchObject({ code: 0, stdout: 'finished\n' })
  })

  it('config says which key source, endpoints and project are in use, never the key', async () => {
    const home = emptyHome()
    writeFileSync(
      join(home, '.scrapinghub.yml'),
      `apikeys:\n  default: ${TEST_KEY}\nprojects:\n  default: 1\n  prod: {id: 2}\n`,
    )
    const r = await runCli(['config'], { HOME: home, SHUB_STORAGE: server.url })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(
      `key:      apikeys.default in ${join(home, '.scrapinghub.yml')} (…${TEST_KEY.slice(-4)})`,
    )
    expect(r.stdout).toContain(`storage:  ${server.url} (SHUB_STORAGE)`)
    expect(r.stdout).toContain('project:  1 (projects.default in')
    expect(r.stdout).toContain('targets:  default=1, prod=2')
    expect(r.stdout).not.toContain(TEST_KEY)
    const demo = await runCli(['config', '--json'])
    expect(JSON.parse(demo.stdout)).toMatchObject({
      key: expect.stringMatching(/^none found/),
      project: expect.stringMatching(/^\d+ \(the demo project\)$/),
    })
  })

  it('get and ls print a retry line on stderr before waiting', async () => {
    await server.control.setFaults({ errorRate: 1, status: 503, times: 1, match: '/jobs/' })
    const r = await runCli(['get', '1/1/1', 'state', ...auth])
    expect(r).toMatchObject({ code: 0, stdout: 'finished\n' })
    expect(r.stderr).toMatch(/^jobmeta: retrying in [45]s \(attempt 2\/4\): server error 503/m)
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
    await server.control.putJobs([
      {
        key: '8/1/1',
        spider: 'w',
        state: 'running',
        running_time: Date.now(),
      },
    ])
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
    expect(JSON.parse(job.stdout)).toMatchObject({
      key: '1/1/3',
      metadata: { state: 'finished', close_reason: 'cancelled' },
    })
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
