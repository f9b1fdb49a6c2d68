/**
 * The same job shows the same items, requests and errors in the viewer's list and on its job page
 * (core's rowFigures / jobFigures), on the emulator's figures seed, whose stats make any other
 * reading show another number.
 */
import { formatNumber, type JobQRow } from '@jobmeta/core'
import { FIGURES_PROJECT, figuresCases } from '@jobmeta/emulator'
import { cleanup, render } from 'ink-testing-library'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { App } from './app/App.tsx'
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
      const value = (label: string) =>
        page
          .find((t) => new RegExp(`^\\s+${label}\\s`).test(t))
          ?.trim()
          .split(/\s+/)[1] ?? '-'
      expect(['items', 'requests', 'errors'].map(value)).toEqual(want)
    },
  )

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
