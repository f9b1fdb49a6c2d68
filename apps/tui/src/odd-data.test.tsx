// Unusual and hostile job data, end to end: the odd seed and arbitrary metadata documents open in
// the viewer and in get/ls with every readable field shown, the odd ones named, and no control or
// escape sequence from the data reaching the terminal.
import {
  formatIssuePath,
  groupStats,
  type JobQRow,
  KNOWN_FIELD_NAMES,
  metadataIssues,
} from '@jobmeta/core'
import { HOSTILE_TEXT, ODD_PROJECT, oddJobs } from '@jobmeta/emulator'
import fc from 'fast-check'
import { Text } from 'ink'
import { cleanup, render } from 'ink-testing-library'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { App } from './app/App.tsx'
import { runGet } from './commands/get.ts'
import { captureIo } from './commands/io.ts'
import { runLs } from './commands/ls.ts'
import { jsonLines, overviewLines } from './detail-lines.ts'
import { columnsFor, rowLine } from './job-row.ts'
import { statsLines } from './stats-lines.ts'
import { getRequest, lsQuery, startTestServer, T0, TEST_KEY } from './test-support.ts'
import { textWidth } from './text-width.ts'
import { createTheme } from './theme.ts'

type Server = Awaited<ReturnType<typeof startTestServer>>
let server: Server
const ODD = oddJobs(T0)

beforeAll(async () => {
  server = await startTestServer(ODD)
})
afterAll(() => server.close())
afterEach(() => cleanup())

/** Characters that must never reach a terminal from the data (newline is the renderer's own). */
const UNSAFE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/
/** Same for one line of text (no newline either). */
const UNSAFE_IN_LINE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/

// Ink draws no colour when the test's stdout has none; if a run forces colour, only Ink's own SGR
// sequences are taken out before the check.
const inkColours = (render(<Text inverse>x</Text>).lastFrame() ?? '').includes('\x1b')
function expectSafe(output: string, what: string): void {
  const rest = inkColours ? output.replace(/\x1b\[[\d;]*m/g, '') : output
  const bad = UNSAFE.exec(rest)
  expect(bad, `${what}: U+${bad?.[0].charCodeAt(0).toString(16)} in\n${rest}`).toBeNull()
}

function show(project: number, initialJob?: string) {
  const r = render(
    <App
      client={server.client}
      project={project}
      {...(initialJob ? { initialJob } : {})}
      demo={false}
      intervalMs={60_000}
      size={{ columns: 120, rows: 30 }}
      clock={() => T0}
      theme={createTheme(false)}
      copy={() => {}}
    />,
  )
  const frame = () => r.lastFrame() ?? ''
  const until = async (test: (f: string) => boolean, what: string, timeout = 8000) => {
    await vi.waitFor(
      () => {
        if (!test(frame())) throw new Error(`waiting for ${what} in:\n${frame()}`)
      },
      { timeout, interval: 10 },
    )
    return frame()
  }
  const press = async (key: string) => {
    r.stdin.write(key)
    await new Promise((resolve) => setImmediate(resolve))
  }
  return { ...r, frame, until, press }
}

/** Renders a job's three tabs; returns the overview frame. */
async function openJob(project: number, key: string): Promise<string> {
  const ui = show(project, key)
  const overview = await ui.until(
    (f) => / Overview( ⚠ \d+ unexpected)? +Stats/.test(f) && !f.includes('loading'),
    `the overview of ${key}`,
  )
  expect(overview).not.toContain('failed to render')
  expect(overview).not.toContain('could not load')
  expectSafe(overview, `overview of ${key}`)
  await ui.press('s')
  const stats = await ui.until((f) => /▶?\s*Stats \(\d+\)/.test(f), `the stats of ${key}`)
  expectSafe(stats, `stats of ${key}`)
  await ui.press('J')
  const json = await ui.until((f) => f.includes('{'), `the JSON of ${key}`)
  expect(json).not.toContain('failed to render')
  expectSafe(json, `JSON of ${key}`)
  ui.unmount()
  return overview
}

describe('the odd seed', () => {
  it('lists every job, sanitised, with CJK and emoji columns aligned', async () => {
    const ui = show(ODD_PROJECT)
    const f = await ui.until((s) => s.includes(`${ODD.length} jobs loaded`), 'the odd jobs')
    expectSafe(f, 'the list')
    expect(f).toContain('␛[31mred-spid')
    expect(f).toContain('爬虫-新闻')
    const header = f.split('\n').find((l) => l.startsWith('KEY')) ?? ''
    const column = header.indexOf(' OUTCOME') + 1
    expect(column).toBeGreaterThan(30)
    for (const line of f.split('\n').filter((l) => l.includes(`${ODD_PROJECT}/`))) {
      // the OUTCOME column starts at the same display column on every row, under its header
      const outcome = line.search(/ [◌▶✔✖⊘◔␡?] [a-z]+ /)
      expect(textWidth(line.slice(0, outcome + 1)), line).toBe(column)
      expect(textWidth(line), line).toBeLessThanOrEqual(120)
    }
  })

  it.each(ODD.map((j) => j.key))('opens %s with every odd value named', async (key) => {
    const overview = await openJob(ODD_PROJECT, key)
    const seed = ODD.find((j) => j.key === key)!
    const issues = metadataIssues({ ...seed, key: undefined })
    if (issues.length) {
      expect(overview).toContain('Unexpected values (shown as sent)')
      expect(overview).toContain(`Overview ⚠ ${issues.length} unexpected`)
      for (const i of issues.slice(0, 3)) expect(overview).toContain(formatIssuePath(i.path))
    } else {
      expect(overview).not.toContain('Unexpected values')
    }
  })

  it('shows the OSC 52 close reason visibly instead of sending it', async () => {
    const overview = await openJob(ODD_PROJECT, `${ODD_PROJECT}/1/1`)
    expect(overview).toContain('␛]52;c;cHduZWQgYnkgc3BpZGVy␇')
  })

  it.each(ODD.map((j) => j.key))(
    'get %s prints every field safely and names the odd ones',
    async (key) => {
      const io = captureIo()
      expect(await runGet(server.client, getRequest(key), { json: false, now: T0 }, io)).toBe(0)
      expectSafe(io.stdout(), `get ${key}`)
      expectSafe(io.stderr(), `get ${key} (stderr)`)
      const seed = ODD.find((j) => j.key === key)!
      const paths = metadataIssues({ ...seed, key: undefined }).map((i) => formatIssuePath(i.path))
      for (const p of paths) expect(io.stdout()).toContain(`⚠ ${p}`)
      if (paths.length) expect(io.stderr()).toContain(`${key}: ${paths.length} value`)
      const fields = captureIo()
      await runGet(
        server.client,
        getRequest(key, 'spider', 'close_reason', 'tags', 'spider_args'),
        { json: false },
        fields,
      )
      expectSafe(fields.stdout(), `get ${key} fields`)
      // one line per field, whatever the values hold (a newline in a value is shown as ␊)
      expect(fields.stdout().split('\n')).toHaveLength(5)
    },
  )

  it('ls prints every job safely', async () => {
    const io = captureIo()
    expect(await runLs(server.client, ODD_PROJECT, lsQuery(), { json: false, now: T0 }, io)).toBe(0)
    expectSafe(io.stdout(), 'ls')
    for (const j of ODD) expect(io.stdout()).toContain(j.key)
    const json = captureIo()
    await runLs(server.client, ODD_PROJECT, lsQuery(), { json: true }, json)
    expectSafe(json.stdout(), 'ls --json')
    expect(
      json
        .stdout()
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).key)
        .sort(),
    ).toEqual(ODD.map((j) => j.key).sort())
  })
})

// ---- arbitrary metadata documents -----------------------------------------------------------

function nest(depth: number): unknown {
  let v: unknown = 'bottom'
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { d: v }
  return v
}
const text = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXT),
  fc.string({ unit: 'binary', maxLength: 24 }),
)
const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e308, -1e308, 2 ** 60, -1, 1.5),
)
const scalar = fc.oneof(text, number, fc.boolean(), fc.constant(null))
const value: fc.Arbitrary<unknown> = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 4 }),
  fc.dictionary(text, scalar, { maxKeys: 5 }),
  fc.integer({ min: 1, max: 300 }).map(nest),
  fc.constantFrom('pending', 'running', 'finished', 'deleted'),
)
const stats = fc.dictionary(
  fc.oneof(
    text,
    fc.constantFrom(
      'item_scraped_count',
      'log_count/ERROR',
      'downloader/response_status_count/200',
    ),
  ),
  value,
  { maxKeys: 8 },
)
/** Any subset of the known fields, each of any type (stats mostly a record), plus custom fields. */
const document = fc
  .tuple(
    fc.record(
      Object.fromEntries(
        KNOWN_FIELD_NAMES.map((n) => [n, n === 'scrapystats' ? fc.oneof(stats, value) : value]),
      ),
      { requiredKeys: [] },
    ),
    fc.dictionary(text, value, { maxKeys: 3 }),
  )
  .map(([known, custom]) => ({ ...custom, ...known }) as Record<string, unknown>)

describe('arbitrary metadata documents', () => {
  it('every line the views and get draw is safe and one line', () => {
    fc.assert(
      fc.property(document, fc.integer({ min: 80, max: 200 }), (doc, width) => {
        const lines = [...overviewLines(doc, T0, width), ...jsonLines(doc)]
        const s = doc.scrapystats
        if (s && typeof s === 'object' && !Array.isArray(s))
          lines.push(...statsLines(groupStats(s as Record<string, unknown>), new Set()))
        for (const l of lines) expect(UNSAFE_IN_LINE.exec(l.text), l.text).toBeNull()
      }),
      { numRuns: 80 },
    )
  })

  it('every table row is safe and exactly as wide as its columns', () => {
    const row = fc
      .record({
        key: value,
        spider: value,
        state: value,
        close_reason: value,
        tags: value,
        items: value,
        ts: value,
        finished_time: value,
        running_time: value,
      })
      .map((r) => r as unknown as JobQRow)
    fc.assert(
      fc.property(row, fc.integer({ min: 80, max: 200 }), (r, width) => {
        const cols = columnsFor(width)
        const line = rowLine(r, cols, T0)
        expect(UNSAFE_IN_LINE.exec(line)).toBeNull()
        expect(textWidth(line)).toBe(cols.reduce((n, c) => n + c.width + 1, -1))
      }),
      { numRuns: 300 },
    )
  })

  it('get and ls print them with no control byte but newline, and no ESC', async () => {
    let n = 0
    await fc.assert(
      fc.asyncProperty(document, async (doc) => {
        const key = `9/1/${++n}`
        await server.control.putJobs([{ ...doc, key }])
        server.warnings.length = 0
        for (const json of [false, true]) {
          const io = captureIo()
          expect(await runGet(server.client, getRequest(key), { json, now: T0 }, io)).toBe(0)
          expectSafe(io.stdout(), `get ${json ? '--json ' : ''}of ${JSON.stringify(doc)}`)
          expectSafe(io.stderr(), 'get stderr')
        }
        // core reported the odd values (the CLI prints its reports on stderr)
        // the metadata as the emulator sends it (its storage API, not its store): a JSON list of one
        const [sent] = await (
          await fetch(new URL(`jobs/${key}`, server.url), {
            headers: { accept: 'application/json', authorization: `Basic ${btoa(`${TEST_KEY}:`)}` },
          })
        ).json()
        expect(Object.prototype.toString.call(sent)).toBe('[object Object]')
        for (const k of Object.keys(sent)) if (sent[k] === null) delete sent[k]
        if (metadataIssues(sent).length) expect(server.warnings.length).toBeGreaterThan(0)
        const named = captureIo()
        await runGet(
          server.client,
          getRequest(key, 'spider', 'state', 'tags', 'scrapystats.item_scraped_count'),
          { json: false },
          named,
        )
        expectSafe(named.stdout(), 'get fields')
        const ls = captureIo()
        await runLs(
          server.client,
          9,
          lsQuery({ state: ['finished', 'running', 'pending', 'deleted'], count: 5 }),
          { json: false, now: T0 },
          ls,
        )
        expectSafe(ls.stdout(), 'ls')
      }),
      // bounded on a loaded machine: runs not started within the limit are skipped, not failed
      { numRuns: 25, interruptAfterTimeLimit: 40_000 },
    )
  }, 60_000)

  it('the viewer renders the list and each job page without throwing', async () => {
    let n = 0
    await fc.assert(
      fc.asyncProperty(document, async (doc) => {
        const key = `10/1/${++n}`
        await server.control.putJobs([{ ...doc, key }])
        await openJob(10, key)
        const ui = show(10)
        const f = await ui.until((s) => s.includes('jobs loaded') || s.includes('✖'), 'the list')
        expect(f).not.toContain('failed to render')
        expectSafe(f, 'the list')
        ui.unmount()
      }),
      { numRuns: 10, endOnFailure: true, interruptAfterTimeLimit: 80_000 },
    )
  }, 120_000)

  it('a job with 50,000 stats opens, and get prints it', async () => {
    const many: Record<string, unknown> = {}
    for (let i = 0; i < 50_000; i++)
      many[`g${i % 40}/s/${i}`] = i % 9000 === 1 ? null : i % 9000 === 2 ? [i, '\x1b[2J'] : i
    await server.control.putJobs([
      {
        key: '11/1/1',
        spider: 'big',
        state: 'finished',
        scrapystats: many,
      },
    ])
    const overview = await openJob(11, '11/1/1')
    expect(overview).toContain('Overview ⚠ 6 unexpected')
    const io = captureIo()
    expect(await runGet(server.client, getRequest('11/1/1'), { json: false, now: T0 }, io)).toBe(0)
    expectSafe(io.stdout(), 'get of 50,000 stats')
    expect(io.stdout()).toContain('▾ g0/ (1250)')
    expect(io.stdout().split('\n').length).toBeGreaterThan(50_000)
  }, 60_000)
})
