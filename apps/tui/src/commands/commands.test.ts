import { parseJobKey, WELL_KNOWN_CLOSE_REASONS } from '@jobmeta/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeReasonsFor, EXIT, EXIT_CODES } from '../exit-codes.ts'
import { getRequest, lsQuery, startTestServer, T0, TEST_KEY } from '../test-support.ts'
import { runGet } from './get.ts'
import { captureIo } from './io.ts'
import { PAGE_SIZE, queryRows, runLs } from './ls.ts'
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

/** Writes metadata of a job (as a running spider does). */
async function post(key: string, doc: Record<string, unknown>) {
  const res = await fetch(`${server.url}jobs/${key}`, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${TEST_KEY}:`)}` },
    body: JSON.stringify(doc),
  })
  expect(res.status).toBeLessThan(300)
}

describe('get', () => {
  it('prints pretty metadata with sections and stats', async () => {
    const io = captureIo()
    expect(await runGet(server.client, getRequest('1/1/1'), { json: false, now: T0 }, io)).toBe(0)
    const out = io.stdout()
    expect(out.split('\n')[0]).toBe('1/1/1  books  finished  ok  abc123-master')
    expect(out).toMatch(/close reason\s+finished/)
    expect(out).toMatch(/Scrapy stats\n/)
    expect(out).toMatch(/response_status_count\/ \(2\)/)
  })

  it('prints named fields one per line; a missing field is an empty line, exit 1 and "no such field"; null prints null', async () => {
    const io = captureIo()
    const code = await runGet(
      server.client,
      getRequest('1/1/1', 'state', 'scrapystats.item_scraped_count', 'tags', 'nope'),
      { json: false },
      io,
    )
    expect(code).toBe(1)
    expect(io.stdout()).toBe('finished\n120\n["daily"]\n\n')
    expect(io.stderr()).toBe('jobmeta: 1/1/1: no such field: nope\n')
    await server.control.putJobs([
      { key: '3/1/9', spider: 's', state: 'finished', close_reason: null },
    ])
    const nul = captureIo()
    const request = getRequest('3/1/9', 'close_reason')
    const nulCode = await runGet(server.client, request, { json: false }, nul)
    expect(nul.stderr()).toBe('')
    expect(nulCode).toBe(0)
    expect(nul.stderr()).toBe('')
    expect(nul.stdout()).toBe('null\n')
    const nulJson = captureIo()
    await runGet(server.client, request, { json: true }, nulJson)
    expect(JSON.parse(nulJson.stdout()).fields).toEqual({ close_reason: null })
  })

  it('prints one JSON line per key with the key and core summary (outcome, run time, items/min)', async () => {
    const io = captureIo()
    await runGet(server.client, getRequest('1/2/2'), { json: true, now: T0 }, io)
    const doc = JSON.parse(io.stdout())
    expect(doc.key).toBe('1/2/2')
    expect(doc.metadata).toMatchObject({ state: 'finished', close_reason: 'failed' })
    expect(doc.summary).toMatchObject({ outcome: 'failed', runTimeMs: 540_000 })
    expect(typeof doc.summary.itemsPerMinute).toBe('number')
    const fields = captureIo()
    await runGet(
      server.client,
      getRequest('1/2/2', 'close_reason', 'scrapystats.log_count/ERROR'),
      { json: true },
      fields,
    )
    expect(JSON.parse(fields.stdout())).toMatchObject({
      key: '1/2/2',
      fields: { close_reason: 'failed', 'scrapystats.log_count/ERROR': 4 },
    })
  })

  it('prints one block or JSON line per key, in order; a missing job costs only its own', async () => {
    const keys = ['1/1/1', '1/9/999', '1/2/2'].map((k) => parseJobKey(k))
    const io = captureIo()
    expect(await runGet(server.client, { keys, fields: ['state'] }, { json: false }, io)).toBe(1)
    expect(io.stdout()).toBe('1/1/1\n  state  finished\n1/2/2\n  state  finished\n')
    expect(io.stderr()).toContain('1/9/999: job not found')
    const json = captureIo()
    await runGet(server.client, { keys, fields: [] }, { json: true }, json)
    const lines = json
      .stdout()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines.map((l) => l.key)).toEqual(['1/1/1', '1/9/999', '1/2/2'])
    expect(lines[1].error).toContain('job not found')
    const text = captureIo()
    const two = { keys: [keys[0]!, keys[2]!], fields: [] }
    await runGet(server.client, two, { json: false, now: T0 }, text)
    expect(text.stdout()).toMatch(/^1\/1\/1 {2}books[\s\S]*\n\n1\/2\/2 {2}quotes/)
  })

  it('exits 1 on a missing job, with a message on stderr', async () => {
    const missing = captureIo()
    expect(await runGet(server.client, getRequest('1/9/999'), { json: false }, missing)).toBe(1)
    expect(missing.stderr()).toContain('1/9/999: job not found')
    // The viewer's "press : to jump" means nothing on a command line.
    expect(missing.stderr()).toContain('jobmeta ls PROJECT')
    expect(missing.stderr()).not.toContain('press')
    expect(missing.stdout()).toBe('')
  })

  it('exits 1 with a hint on a rejected key', async () => {
    const io = captureIo()
    const client = server.clientWith('badbadbadbadbadbadbadbadbadbadba')
    expect(await runGet(client, getRequest('1/1/1'), { json: false }, io)).toBe(1)
    expect(io.stderr()).toContain('401 Unauthorized')
    expect(io.stderr()).not.toContain('badbadbad')
  })
})

describe('ls', () => {
  it('prints a table, newest first', async () => {
    const io = captureIo()
    expect(await runLs(server.client, 1, lsQuery(), { json: false, now: T0 }, io)).toBe(0)
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
      1,
      lsQuery({ state: ['finished'], spider: 'books', count: 1 }),
      { json: true, now: T0 },
      io,
    )
    const rows = io
      .stdout()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      key: '1/1/3',
      state: 'finished',
      spider: 'books',
      outcome: 'cancelled',
    })
    const tagged = captureIo()
    await runLs(server.client, 1, lsQuery({ tag: ['smoke', 'daily'] }), { json: true }, tagged)
    expect(
      tagged
        .stdout()
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).key),
    ).toEqual(['1/2/2', '1/1/1'])
  })

  it('--outcome keeps the outcomes asked for, reading further pages until --count rows match', async () => {
    for (let j = 1; j <= 30; j++)
      await server.control.putJobs([
        {
          key: `8/1/${j}`,
          spider: 'p',
          state: 'finished',
          close_reason: j % 10 === 0 ? 'memusage_exceeded' : 'finished',
          pending_time: T0 - 1000 * (100 - j),
          running_time: T0 - 1000 * (100 - j),
          finished_time: T0 - 1000 * (60 - j),
        },
      ])
    const io = captureIo()
    const query = lsQuery({ outcome: ['failed'], count: 2 })
    expect(await runLs(server.client, 8, query, { json: true, now: T0 }, io)).toBe(0)
    const rows = io
      .stdout()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(rows.map((r) => r.key)).toEqual(['8/1/30', '8/1/20'])
    expect(rows.every((r) => r.outcome === 'failed' && r.runTimeMs === 40_000)).toBe(true)
    const all = await queryRows(server.client, 8, lsQuery({ outcome: ['failed'], count: 10 }), T0)
    expect(all.rows.map((r) => r.key)).toEqual(['8/1/30', '8/1/20', '8/1/10'])
    expect(all.complete).toBe(true)
  })

  it('--outcome pages on past the first page (count 1 of a rare outcome)', async () => {
    for (let j = 1; j <= PAGE_SIZE + 20; j++)
      await server.control.putJobs([
        {
          key: `8/2/${j}`,
          spider: 'q',
          state: 'finished',
          close_reason: j === 3 ? 'shutdown' : 'finished',
          finished_time: T0 - 1000 * (1000 - j),
        },
      ])
    const r = await queryRows(
      server.client,
      8,
      lsQuery({ spider: 'q', outcome: ['failed'], count: 1 }),
      T0,
    )
    expect(r.rows.map((x) => x.key)).toEqual(['8/2/3'])
    expect(r.scanned).toBeGreaterThan(PAGE_SIZE)
  })

  it('--since/--until select by the time of the current state (JobQ startts/endts); --sort orders', async () => {
    const cut = T0 - 45 * 60_000
    const recent = await queryRows(
      server.client,
      1,
      lsQuery({ state: ['finished'], since: cut }),
      T0,
    )
    const older = await queryRows(
      server.client,
      1,
      lsQuery({ state: ['finished'], until: cut }),
      T0,
    )
    expect(recent.rows.length).toBeGreaterThan(0)
    expect(older.rows.length).toBeGreaterThan(0)
    expect(recent.rows.every((r) => r.ts >= cut)).toBe(true)
    expect(older.rows.every((r) => r.ts < cut)).toBe(true)
    expect([...recent.rows, ...older.rows].map((r) => r.key).sort()).toEqual([
      '1/1/1',
      '1/1/3',
      '1/2/2',
    ])
    const byItems = await queryRows(server.client, 1, lsQuery({ sort: 'items' }), T0)
    const items = byItems.rows.map((r) => r.items).filter((v) => v !== undefined) as number[]
    expect(items.length).toBeGreaterThan(1)
    expect(items).toEqual([...items].sort((a, b) => b - a))
  })
})

describe('watch', () => {
  it('prints state changes and exits 0 when the job finishes normally', async () => {
    await server.control.putJobs([running('7/1/1')])
    const io = captureIo()
    const done = runWatch(server.client, parseJobKey('7/1/1'), { intervalMs: 30 }, io)
    await expect.poll(() => io.stdout()).toContain('7/1/1  running')
    await finish('7/1/1', { close_reason: 'finished' })
    expect(await done).toBe(0)
    expect(io.stdout()).toMatch(/7\/1\/1 {2}finished outcome=ok close_reason=finished\n$/)
  })

  it('--json prints one line per change of state, items or errors; text progress at most every progressMs', async () => {
    await server.control.putJobs([
      {
        key: '7/3/1',
        spider: 'w',
        state: 'running',
        running_time: Date.now(),
      },
    ])
    const io = captureIo()
    const text = captureIo()
    const key = parseJobKey('7/3/1')
    const done = runWatch(server.client, key, { intervalMs: 20, json: true }, io)
    const doneText = runWatch(server.client, key, { intervalMs: 20, progressMs: 60_000 }, text)
    await expect.poll(() => io.stdout()).toContain('"running"')
    for (const n of [5, 9]) {
      await post('7/3/1', { scrapystats: { item_scraped_count: n, 'log_count/INFO': 1 } })
      await expect.poll(() => io.stdout()).toContain(`"items":${n}`)
    }
    await finish('7/3/1', {
      close_reason: 'finished',
      scrapystats: { item_scraped_count: 9, 'log_count/INFO': 1 },
    })
    expect(await done).toBe(0)
    expect(await doneText).toBe(0)
    const events = io
      .stdout()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(events.map((e) => [e.state, e.items])).toEqual([
      ['running', undefined],
      ['running', 5],
      ['running', 9],
      ['finished', 9],
    ])
    expect(events[1]).toMatchObject({ key: '7/3/1', errors: 0 })
    expect(events[3]).toMatchObject({ outcome: 'ok', close_reason: 'finished' })
    // text: a line per state, no progress line within progressMs
    expect(text.stdout().trimEnd().split('\n')).toHaveLength(2)
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
    const done = runWatch(server.client, parseJobKey(key), { intervalMs: 30 }, io)
    await expect.poll(() => io.stdout()).toContain('running')
    await finish(key, { close_reason: reason })
    expect(await done).toBe(code)
  })

  it('exits 1 when the job does not exist', async () => {
    const io = captureIo()
    expect(await runWatch(server.client, parseJobKey('7/9/9'), { intervalMs: 30 }, io)).toBe(1)
    expect(io.stderr()).toContain('job not found')
  })
})
