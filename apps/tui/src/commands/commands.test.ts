import { WELL_KNOWN_CLOSE_REASONS } from '@jobmeta/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeReasonsFor, EXIT, EXIT_CODES } from '../exit-codes.ts'
import { startTestServer, T0 } from '../test-support.ts'
import { runGet } from './get.ts'
import { captureIo } from './io.ts'
import { runLs } from './ls.ts'
import { runWatch } from './watch.ts'

type Server = Awaited<ReturnType<typeof startTestServer>>
let server: Server

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())

/** A running job of spider 'w', started now. */
const running = (key: string) => ({ key, spider: 'w', state: 'running', running_time: Date.now() })

/** Finishes a job started by `running` (the emulator's control client replaces it). */
const finish = (key: string, extra: Record<string, unknown>) =>
  server.control.putJobs([
    { ...running(key), state: 'finished', finished_time: Date.now(), ...extra },
  ])

describe('get', () => {
  it('prints pretty metadata with sections and stats', async () => {
    const io = captureIo()
    expect(await runGet(server.client, ['1/1/1'], { json: false, now: T0 }, io)).toBe(0)
    const out = io.stdout()
    expect(out.split('\n')[0]).toBe('1/1/1  books  finished  ok  abc123-master')
    expect(out).toMatch(/close reason\s+finished/)
    expect(out).toMatch(/Scrapy stats\n/)
    expect(out).toMatch(/response_status_count\/ \(2\)/)
  })

  it('prints named fields and stats one per line, empty for missing', async () => {
    const io = captureIo()
    const code = await runGet(
      server.client,
      ['https://app.zyte.com/p/1/1/1', 'state', 'scrapystats.item_scraped_count', 'tags', 'nope'],
      { json: false },
      io,
    )
    expect(code).toBe(0)
    expect(io.stdout()).toBe('finished\n120\n["daily"]\n\n')
  })

  it('prints JSON with --json', async () => {
    const io = captureIo()
    await runGet(server.client, ['1/2/2'], { json: true }, io)
    expect(JSON.parse(io.stdout())).toMatchObject({ state: 'finished', close_reason: 'failed' })
    const fields = captureIo()
    await runGet(
      server.client,
      ['1/2/2', 'close_reason', 'scrapystats.log_count/ERROR'],
      { json: true },
      fields,
    )
    expect(JSON.parse(fields.stdout())).toEqual({
      close_reason: 'failed',
      'scrapystats.log_count/ERROR': 4,
    })
  })

  it('exits 2 on a bad key and 1 on a missing job, with a message on stderr', async () => {
    const bad = captureIo()
    expect(await runGet(server.client, ['1/x/3'], { json: false }, bad)).toBe(2)
    expect(bad.stderr()).toMatch(/^jobmeta: /)
    const missing = captureIo()
    expect(await runGet(server.client, ['1/9/999'], { json: false }, missing)).toBe(1)
    expect(missing.stderr()).toContain('1/9/999: job not found')
    // The viewer's "press : to jump" means nothing on a command line.
    expect(missing.stderr()).toContain('jobmeta ls PROJECT')
    expect(missing.stderr()).not.toContain('press')
    expect(missing.stdout()).toBe('')
  })

  it('exits 1 with a hint on a rejected key', async () => {
    const io = captureIo()
    const client = server.clientWith('badbadbadbadbadbadbadbadbadbadba')
    expect(await runGet(client, ['1/1/1'], { json: false }, io)).toBe(1)
    expect(io.stderr()).toContain('401 Unauthorized')
    expect(io.stderr()).not.toContain('badbadbad')
  })
})

describe('ls', () => {
  it('prints a table, newest first', async () => {
    const io = captureIo()
    expect(await runLs(server.client, '1', { state: [], tag: [], json: false, now: T0 }, io)).toBe(
      0,
    )
    const lines = io.stdout().trimEnd().split('\n')
    expect(lines[0]).toMatch(/^KEY\s+SPIDER\s+STATE/)
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual([
      '1/1/5',
      '1/2/4',
      '1/1/3',
      '1/2/2',
      '1/1/1',
    ])
    // Run time comes from a second JobQ read with jobmeta=running_time (rows only carry finished_time).
    expect(lines[4]).toMatch(
      /1\/2\/2\s+quotes\s+finished\s+failed\s+3\s+5\s+4\s+9m 00s\s+30m ago\s+smoke/,
    )
  })

  it('filters by state, spider, tag and count, and prints JSON lines', async () => {
    const io = captureIo()
    await runLs(
      server.client,
      '1',
      { state: ['finished'], spider: 'books', tag: [], count: 1, json: true },
      io,
    )
    const rows = io
      .stdout()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ key: '1/1/3', state: 'finished', spider: 'books' })
    const tagged = captureIo()
    await runLs(server.client, '1', { state: [], tag: ['smoke', 'daily'], json: true }, tagged)
    expect(
      tagged
        .stdout()
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).key),
    ).toEqual(['1/2/2', '1/1/1'])
  })

  it('exits 2 for a job key instead of a project', async () => {
    const io = captureIo()
    expect(await runLs(server.client, '1/2/3', { state: [], tag: [], json: false }, io)).toBe(2)
    expect(io.stderr()).toContain('not a project id')
  })
})

describe('watch', () => {
  it('prints state changes and exits 0 when the job finishes normally', async () => {
    await server.control.putJobs([running('7/1/1')])
    const io = captureIo()
    const done = runWatch(server.client, '7/1/1', { intervalMs: 30 }, io)
    await expect.poll(() => io.stdout()).toContain('7/1/1  running')
    await finish('7/1/1', { close_reason: 'finished' })
    expect(await done).toBe(0)
    expect(io.stdout()).toMatch(/7\/1\/1 {2}finished outcome=ok close_reason=finished\n$/)
  })

  // every well-known close reason, plus unlisted ones, exits with the code the table documents
  const reasons = [...WELL_KNOWN_CLOSE_REASONS, 'closespider_custom', 'cancel by hand', 'weird']
  it.each(
    reasons.map((reason, i) => {
      const codes = Object.values(EXIT_CODES)
      // the code the table lists the reason under, else the one whose name pattern it fits
      const code =
        codes.find((e) => closeReasonsFor(e.code).known.includes(reason))?.code ??
        codes.find((e) =>
          closeReasonsFor(e.code).patterns.some((p) => reason.startsWith(p.replace('*', ''))),
        )?.code ??
        EXIT.other
      return [reason, code, i] as const
    }),
  )('exits with the documented code when the job ends %s (%i)', async (reason, code, i) => {
    const key = `7/2/${100 + i}`
    await server.control.putJobs([running(key)])
    const io = captureIo()
    const done = runWatch(server.client, key, { intervalMs: 30 }, io)
    await expect.poll(() => io.stdout()).toContain('running')
    await finish(key, { close_reason: reason })
    expect(await done).toBe(code)
  })

  it('exits 1 when the job does not exist', async () => {
    const io = captureIo()
    expect(await runWatch(server.client, '7/9/9', { intervalMs: 30 }, io)).toBe(1)
    expect(io.stderr()).toContain('job not found')
  })
})
