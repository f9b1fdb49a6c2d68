// One job, one set of figures: for every job of the emulator's figures seed, core's summary and
// row figures, the edge's job document, its list rows and its badge show the same items, requests
// and errors, and those are the numbers the seed says. The TUI's list, job page and `get --json`
// join the same comparison from apps/tui, on the same seed (figuresCases() of @jobmeta/emulator).
import {
  createClient,
  formatNumber,
  JOB_STATES,
  type JobFigures,
  type JobQRow,
  jobFigures,
  rowFigures,
  summarize,
} from '@jobmeta/core'
import { FIGURES_PROJECT, figuresCases } from '@jobmeta/emulator'
import { type RunningEmulator, startEmulator } from '@jobmeta/emulator/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.ts'
import { parseConfig } from '../src/config.ts'

const KEY = 'f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1'
const cases = figuresCases()
let emulator: RunningEmulator
let app: ReturnType<typeof createApp>
const rows = new Map<string, JobQRow>()
const listed = new Map<string, Record<string, unknown>>()

/** The three figures of anything that carries them, absent ones left out. */
function figures(x: Partial<Record<keyof JobFigures, unknown>>): JobFigures {
  const out: Record<string, unknown> = {}
  for (const k of ['items', 'requests', 'errors'] as const) if (x[k] !== undefined) out[k] = x[k]
  return out as JobFigures
}

beforeAll(async () => {
  emulator = await startEmulator({
    seed: cases.map((c) => c.seed),
    apikeys: { [KEY]: [FIGURES_PROJECT] },
  })
  app = createApp(
    parseConfig({
      SHUB_APIKEY: KEY,
      SHUB_STORAGE: emulator.url,
      PUBLIC_PROJECTS: String(FIGURES_PROJECT),
    }),
    { platformCache: null, log: () => {} },
  )
  const client = createClient({ apikey: KEY, storageUrl: emulator.url, retry: false })
  for await (const row of client.jobs(FIGURES_PROJECT).list({ state: [...JOB_STATES] }))
    rows.set(row.key, row)
  const res = await app.request(
    `/projects/${FIGURES_PROJECT}/jobs?state=pending,running,finished,deleted`,
  )
  for (const row of ((await res.json()) as { jobs: Record<string, unknown>[] }).jobs)
    listed.set(String(row.key), row)
})
afterAll(() => emulator?.close())

describe('the figures of a job agree everywhere', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const key = c.seed.key
    const client = createClient({ apikey: KEY, storageUrl: emulator.url, retry: false })
    const meta = await client.job(key).get()

    // core: the document's figures, its summary, and the figures of its JobQ row
    expect(jobFigures(meta)).toEqual(c.figures)
    expect(figures(summarize(meta))).toEqual(c.figures)
    expect(rowFigures(rows.get(key)!)).toEqual(c.figures)

    // edge: the public job document and the project list row
    const doc = (await (await app.request(`/jobs/${key}`)).json()) as Record<string, unknown>
    expect(figures(doc)).toEqual(c.figures)
    expect(figures(listed.get(key)!)).toEqual(c.figures)

    // edge: the badge says the item count of finished and running jobs, and nothing else for it
    const badge = (await (await app.request(`/jobs/${key}/badge.json`)).json()) as {
      message: string
    }
    const items = c.figures.items
    if (items !== undefined && (meta.state === 'finished' || meta.state === 'running'))
      expect(badge.message).toContain(`${formatNumber(items)} item${items === 1 ? '' : 's'}`)
    else expect(badge.message).not.toMatch(/item/)
  })

  it('covers jobs where a wrong definition would show another number', () => {
    // the seed is only useful if the stats a wrong reading would use differ from the right ones
    const first = cases[0]!.seed.scrapystats as Record<string, number>
    expect(first['downloader/request_count']).not.toBe(first.response_received_count)
    expect(first['log_count/CRITICAL']).toBeGreaterThan(0)
    expect(cases.some((c) => c.figures.errors === 0)).toBe(true)
    expect(cases.some((c) => Object.keys(c.figures).length === 0)).toBe(true)
  })
})
