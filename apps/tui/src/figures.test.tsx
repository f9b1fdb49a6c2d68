/**
 * The same job shows the same items, requests and errors in the viewer's list, on its job page and
 * in `jobmeta get` (text and --json) (core's rowFigures / jobFigures / summarize), on the emulator's
 * figures seed, whose stats make any other reading show another number. The edge's JSON and badge
 * are checked against the same seed in apps/edge/test/figures.test.ts.
 */
import { formatNumber, type JobQRow, parseJobKey } from '@jobmeta/core'
import { FIGURES_PROJECT, figuresCases } from '@jobmeta/emulator'
import { cleanup, render } from 'ink-testing-library'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { App } from './app/App.tsx'
import { runGet } from './commands/get.ts'
import { captureIo } from './commands/io.ts'
import { overviewLines } from './detail-lines.ts'
import { columnsFor, rowLine } from './job-row.ts'
import { fetchRows } from './list-rows.ts'
import { startTestServer } from './test-support.ts'

const CASES = figuresCases()
let server: Awaited<ReturnType<typeof startTestServer>>

beforeAll(async () => {
  server = await startTestServer(CASES.map((c) => c.seed))
})
afterAll(() => server.close())
afterEach(cleanup)

const shown = (v: number | undefined) => (v === undefined ? '-' : formatNumber(v))
const COLUMNS = columnsFor(200, { outcome: true })
const at = (id: string) => {
  let start = 0
  for (const c of COLUMNS) {
    if (c.id === id) return [start, start + c.width] as const
    start += c.width + 1
  }
  throw new Error(id)
}

/** The value after `label` on a job page line (the overview `get` prints too); '-' when absent. */
function pageFigure(lines: readonly string[], label: string): string {
  return (
    lines
      .find((t) => new RegExp(`^\\s+${label}\\s`).test(t))
      ?.trim()
      .split(/\s+/)[1] ?? '-'
  )
}

const LABELS = ['items', 'requests', 'errors'] as const

/** ITEMS, REQS and ERRS of a rendered table line. */
function tableFigures(line: string) {
  return ['items', 'requests', 'errors'].map((id) => {
    const [a, b] = at(id)
    return line.slice(a, b).trim()
  })
}

describe('one definition of the figures', () => {
  let rows: JobQRow[] = []
  beforeAll(async () => {
    rows = await fetchRows(server.client, FIGURES_PROJECT, {
      state: ['pending', 'running', 'finished'],
    })
  })

  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s: the list and the job page agree',
    async (_n, c) => {
      const key = c.seed.key as string
      const row = rows.find((r) => r.key === key)
      expect(row, key).toBeDefined()
      const want = [c.figures.items, c.figures.requests, c.figures.errors].map(shown)
      expect(tableFigures(rowLine(row as JobQRow, COLUMNS, 0))).toEqual(want)

      const meta = await server.client.job(key).get()
      const page = overviewLines(meta, 0, 120).map((l) => l.text)
      expect(LABELS.map((l) => pageFigure(page, l))).toEqual(want)
    },
  )

  it('get --json carries them in its summary, one line per job with its key', async () => {
    const keys = CASES.map((c) => parseJobKey(c.seed.key as string))
    const io = captureIo()
    expect(await runGet(server.client, { keys, fields: [] }, { json: true, now: 0 }, io)).toBe(0)
    const lines = io
      .stdout()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { key: string; summary: Record<string, unknown> })
    expect(lines.map((l) => l.key)).toEqual(CASES.map((c) => c.seed.key))
    for (const [i, c] of CASES.entries()) {
      const { items, requests, errors } = lines[i]?.summary ?? {}
      // an undefined figure is left out of the JSON, as JSON.stringify leaves it
      expect({ items, requests, errors }, c.name).toEqual({
        items: c.figures.items,
        requests: c.figures.requests,
        errors: c.figures.errors,
      })
    }
  })

  it('text get prints them in each job block', async () => {
    const keys = CASES.map((c) => parseJobKey(c.seed.key as string))
    const io = captureIo()
    expect(await runGet(server.client, { keys, fields: [] }, { json: false, now: 0 }, io)).toBe(0)
    // one block per job, in order, each starting with its key
    const blocks = io.stdout().split(/\n\n(?=\d+\/\d+\/\d+ )/)
    expect(blocks).toHaveLength(CASES.length)
    for (const [i, c] of CASES.entries()) {
      const block = (blocks[i] ?? '').split('\n')
      expect(block[0]?.startsWith(`${c.seed.key}  `), c.name).toBe(true)
      // only the overview (the stats tree below it has its own items lines)
      const statsAt = block.indexOf('Scrapy stats')
      const overview = statsAt < 0 ? block : block.slice(0, statsAt)
      const want = [c.figures.items, c.figures.requests, c.figures.errors].map(shown)
      expect(
        LABELS.map((l) => pageFigure(overview, l)),
        c.name,
      ).toEqual(want)
    }
  })

  it('the rendered list shows them too', async () => {
    const ui = render(
      <App
        client={server.client}
        project={FIGURES_PROJECT}
        demo={false}
        intervalMs={60_000}
        size={{ columns: 200, rows: 30 }}
        clock={() => 0}
      />,
    )
    const first = CASES[0]
    await vi.waitFor(() => expect(ui.lastFrame()).toContain(first?.seed.key as string), {
      timeout: 8000,
    })
    const line = (ui.lastFrame() ?? '')
      .replace(/\x1b\[[\d;]*m/g, '')
      .split('\n')
      .find((l) => l.startsWith(first?.seed.key as string))
    expect(line).toBeDefined()
    const f = first?.figures ?? {}
    expect(line).toMatch(
      new RegExp(`\\s${shown(f.items)}\\s+${shown(f.requests)}\\s+${shown(f.errors)}\\s`),
    )
  })
})
