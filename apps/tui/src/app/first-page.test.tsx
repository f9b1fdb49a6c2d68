import { cleanup } from 'ink-testing-library'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestServer } from '../test-support.ts'
import { createTheme } from '../theme.ts'
import type { AppProps } from './App.tsx'
import { type FirstPage, startFirstPage } from './list-read.ts'
import { showApp, stripAnsi } from './show-app.tsx'

type Server = Awaited<ReturnType<typeof startTestServer>>
let server: Server

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())
beforeEach(() => server.control.reset())
afterEach(async () => {
  cleanup()
  await server?.control.clearFaults()
})

const LIST = 'GET /jobq/:project/list'
function show(firstPage: FirstPage | undefined, overrides: Partial<AppProps> = {}) {
  return showApp(server.client, {
    theme: createTheme(false),
    ...(firstPage ? { firstPage } : {}),
    ...overrides,
  })
}

describe('the first page read before the viewer renders', () => {
  it('is drawn in the first frame when it has arrived, and not read again', async () => {
    const page = startFirstPage(server.client, { project: 1 })
    await page?.ready
    expect(page?.loaded?.map((r) => r.key)).toEqual(['1/1/5', '1/2/4', '1/1/3', '1/2/2', '1/1/1'])
    const ui = show(page)
    const first = stripAnsi(ui.frames[0] ?? '')
    expect(first).toContain('1/1/5')
    expect(first).toContain('5 jobs loaded')
    expect(first).not.toContain('loading')
    // The list's first read was that page: the server saw one list request.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await server.control.count(LIST)).toBe(1)
  })

  it('shows "loading…" when the server is slow, then the rows of that same read', async () => {
    await server.control.setFaults({ latencyMs: 400, times: 1, match: '/jobq/1/list' })
    const page = startFirstPage(server.client, { project: 1 }, 200, 50)
    await page?.ready
    expect(page?.loaded).toBeUndefined()
    const ui = show(page)
    expect(stripAnsi(ui.frames[0] ?? '')).toContain('loading…')
    await ui.until('5 jobs loaded')
    expect(await server.control.count(LIST)).toBe(1)
  })

  it('shows the error of a failed first read, and reads again on r', async () => {
    await server.control.setFaults({ errorRate: 1, status: 503, times: 1, match: '/jobq/1/list' })
    const page = startFirstPage(server.client, { project: 1 })
    await page?.ready
    const ui = show(page)
    await ui.until('503')
    ui.stdin.write('r')
    await ui.until('5 jobs loaded')
  })

  it('is dropped for a list that asks for something else', async () => {
    const page = startFirstPage(server.client, { project: 1, initialSpider: 'quotes' })
    await page?.ready
    expect(page?.loaded?.map((r) => r.key)).toEqual(['1/2/4', '1/2/2'])
    const ui = show(page)
    await ui.until('5 jobs loaded')
    expect(ui.frame()).toContain('1/1/5')
  })

  it('is not read for a viewer that opens on a job page', () => {
    expect(startFirstPage(server.client, { project: 1, initialJob: '1/1/3' })).toBeUndefined()
  })
})
