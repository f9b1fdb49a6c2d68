import { createClient } from '@jobmeta/core'
import { cleanup } from 'ink-testing-library'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startTestServer, T0 } from '../test-support.ts'
import { createTheme } from '../theme.ts'
import { App, type AppProps } from './App.tsx'
import { showApp, TEST_SIZE } from './show-app.tsx'

type Server = Awaited<ReturnType<typeof startTestServer>>
let server: Server

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())
afterEach(async () => {
  cleanup()
  // No injected fault outlives its test, even a failed one.
  await server?.control.clearFaults()
})

const SIZE = TEST_SIZE
const ESC = '\x1b'
const ENTER = '\r'

const show = (overrides: Partial<AppProps> = {}) => showApp(server.client, overrides)

describe('job list', () => {
  it('shows the jobs newest first with the table columns and counters', async () => {
    const ui = show()
    // Run times of finished jobs arrive with a second read, after the first paint.
    const f = await ui.until(/1\/2\/2\s+quotes.*9m 00s/)
    expect(f).toMatch(/KEY\s+SPIDER\s+OUTCOME\s+CLOSE REASON\s+ITEMS\s+REQS\s+ERRS\s+RUN TIME/)
    const order = ['1/1/5', '1/2/4', '1/1/3', '1/2/2', '1/1/1'].map((k) => f.indexOf(k))
    expect(order).toEqual([...order].sort((a, b) => a - b))
    expect(f).toMatch(/1\/2\/2\s+quotes\s+✖ failed\s+failed\s+3\s+5\s+4\s+9m 00s\s+30m ago\s+smoke/)
    // ERRS is core's figure: 0 for a job that logged, but never at ERROR (JobQ leaves the 0 out).
    expect(f).toMatch(/1\/2\/4\s+quotes\s+▶ running\s+-\s+7\s+9\s+0\s+9m 00s\s+-/)
    expect(f).toContain('5 jobs loaded')
    expect(f).not.toContain('DEMO')
  })

  it('moves with j/k and opens the selected job with Enter', async () => {
    const ui = show()
    await ui.until('1/1/5')
    await ui.press('j', 'j', 'k', 'j', ENTER)
    await ui.until('project 1 › job 1/1/3')
    await ui.until('finished · cancelled')
    await ui.press(ESC)
    await ui.until('5 jobs loaded')
    await ui.press('G', ENTER)
    await ui.until('job 1/1/1')
    await ui.press(ESC)
    await ui.until('5 jobs loaded')
    await ui.press('g', ENTER)
    await ui.until('job 1/1/5')
  })

  it('filters by free text: Enter keeps it, Esc clears it', async () => {
    const ui = show()
    await ui.until('1/1/5')
    await ui.press('/', 'q', 'u', 'o')
    let f = await ui.until('filter jobs: /quo')
    expect(f).not.toContain('1/1/5')
    expect(f).toContain('1/2/4')
    await ui.press(ENTER)
    f = await ui.until('2 match "quo"')
    expect(f).not.toContain('1/1/3')
    await ui.press('/', ESC)
    await ui.until('1/1/3')
  })

  it('toggles states and filters by spider and tag on the server', async () => {
    const ui = show()
    await ui.until('1/1/5')
    await ui.press('3')
    await ui.until('3[ ]finished')
    await vi.waitFor(() => {
      const f = ui.frame()
      expect(f).not.toContain('1/1/1')
      expect(f).toContain('1/2/4')
      expect(f).toContain('1/1/5')
    })
    await ui.press('0')
    await ui.until('1/1/1')
    await ui.press('f')
    // Spider names of the loaded rows are offered; Tab completes the first match.
    await ui.until('Tab: books quotes')
    await ui.press('b', '\t')
    await ui.until('spider name (Enter applies, Esc clears): books')
    await ui.press(ENTER)
    await ui.until('spider: books')
    await vi.waitFor(() => {
      expect(ui.frame()).toContain('1/1/1')
      expect(ui.frame()).not.toContain('1/2/2')
    })
    await ui.press('#', ...'daily', ENTER)
    await ui.until('tag: daily')
    await vi.waitFor(() => {
      expect(ui.frame()).not.toContain('1/1/3')
      expect(ui.frame()).toContain('1 jobs loaded')
    })
  })

  it('copies the selected key with y and the dashboard URL with Y', async () => {
    const ui = show()
    await ui.until('1/1/5')
    await ui.press('y')
    await ui.until('copied job key to the clipboard: 1/1/5')
    await ui.press('j', 'Y')
    await ui.until('copied dashboard URL')
    await vi.waitFor(() => expect(ui.copied).toEqual(['1/1/5', 'https://app.zyte.com/p/1/2/4']))
  })

  it('jumps to a job key or a pasted dashboard URL typed after :', async () => {
    const ui = show()
    await ui.until('1/1/5')
    await ui.press(':', ...'1/2/2', ENTER)
    await ui.until('job 1/2/2')
    await ui.press(':', 'https://app.zyte.com/p/1/1/3/items', ENTER)
    await ui.until('job 1/1/3')
    await ui.press(':', ...'1/x', ENTER)
    await ui.until('Invalid key')
  })

  it('jumps to shub-style short keys in the current project: S/J and SPIDERNAME/J', async () => {
    const ui = show()
    await ui.until('1/1/5')
    // `2/2` is job 2 of spider 2 here (1/2/2), not project 2
    await ui.press(':', ...'2/2', ENTER)
    let f = await ui.until(/close reason\s+failed/)
    expect(f).toContain('job 1/2/2')
    await ui.press(ESC)
    await ui.until('5 jobs loaded')
    // `3/81` in project 1 opens 1/3/81 (no such job here), never project 3
    await ui.press(':', ...'3/81', ENTER)
    f = await ui.until('job 1/3/81')
    expect(f).not.toContain('project 3')
    await ui.press(ESC)
    await ui.until('5 jobs loaded')
    // a spider name is looked up in the current project (core's spiderId): quotes is spider 2
    await ui.press(':', ...'quotes/4', ENTER)
    f = await ui.until(/state\s+running/)
    expect(f).toContain('job 1/2/4')
    await ui.press(ESC)
    await ui.until('5 jobs loaded')
    await ui.press(':', ...'nosuch/4', ENTER)
    await ui.until('no spider named "nosuch" in project 1')
  })

  it('renders only the visible rows and loads more pages while scrolling', async () => {
    const seed = Array.from({ length: 450 }, (_, i) => ({
      key: `2/1/${i + 1}`,
      spider: 'many',
      state: 'finished',
      finished_time: T0 - (450 - i) * 1000,
    }))
    const many = await startTestServer(seed)
    try {
      const ui = show({ client: many.client, project: 2, pageSize: 100 })
      let f = await ui.until('100 jobs loaded (more below)')
      expect(f.split('\n').filter((l) => /^2\/1\/\d+/.test(l))).toHaveLength(SIZE.rows - 6)
      // Each G reaches the last loaded row, which asks JobQ for the next page.
      for (const n of [200, 300, 400]) {
        await ui.press('G')
        await ui.until(`${n} jobs loaded (more below)`)
      }
      await ui.press('G')
      f = await ui.until('450 jobs loaded')
      expect(f).not.toContain('more below')
      await ui.press('G')
      f = await ui.until('2/1/1 ')
      expect(f.split('\n').filter((l) => /^2\/1\/\d+/.test(l))).toHaveLength(SIZE.rows - 6)
      await ui.press('g')
      await ui.until('2/1/450')
    } finally {
      await many.close()
    }
  })

  it('loads the next page asked for while a refresh is still reading', async () => {
    const seed = Array.from({ length: 250 }, (_, i) => ({
      key: `3/1/${i + 1}`,
      spider: 'many',
      state: 'finished',
      finished_time: T0 - (250 - i) * 1000,
    }))
    const many = await startTestServer(seed)
    try {
      const ui = show({ client: many.client, project: 3, pageSize: 100 })
      await ui.until('100 jobs loaded (more below)')
      // A slow refresh is running when G reaches the last loaded row.
      await many.control.setFaults({ latencyMs: 500, times: 1, match: '/jobq/3/list' })
      await ui.press('r', 'G')
      await ui.until('200 jobs loaded (more below)')
    } finally {
      await many.close()
    }
  })

  it('shows the help overlay for the current view and closes it with any key', async () => {
    const ui = show()
    await ui.until('1/1/5')
    await ui.press('?')
    const f = await ui.until('Keys — job list')
    expect(f).toContain('toggle finished jobs')
    expect(f).toContain('pause / resume live refresh')
    await ui.press(ESC)
    await vi.waitFor(() => expect(ui.frame()).not.toContain('Keys —'))
  })

  it('says when the terminal is too small', async () => {
    const ui = show({ size: { columns: 70, rows: 20 } })
    await ui.until('Terminal too small: 70x20')
  })

  it('ignores keys other than q while the terminal is too small, and redraws after a resize', async () => {
    const copied: string[] = []
    const clock = () => T0
    const app = (size: { columns: number; rows: number }) => (
      <App
        client={server.client}
        project={1}
        demo={false}
        intervalMs={60_000}
        size={size}
        clock={clock}
        copy={(t) => copied.push(t)}
      />
    )
    const ui = show()
    ui.rerender(app(SIZE))
    await ui.until('1/1/5')
    ui.rerender(app({ columns: 79, rows: 24 }))
    await ui.until('Terminal too small: 79x24')
    // Unseen, these would open the job and copy its key.
    await ui.press('y', ENTER)
    ui.rerender(app(SIZE))
    await ui.press('Y')
    const f = await ui.until('copied dashboard URL')
    expect(f).toContain('CLOSE REASON')
    expect(f).not.toContain('› job')
    await vi.waitFor(() => expect(copied).toEqual(['https://app.zyte.com/p/1/1/5']))
  })

  it('shows the DEMO marker and how to use a real key', async () => {
    const ui = show({ demo: true })
    const f = await ui.until('DEMO')
    expect(f).toContain('--apikey KEY')
  })
})

describe('job detail', () => {
  it('shows the sections, the stats tree and raw JSON', async () => {
    const ui = show({ initialJob: '1/1/1', size: { columns: 120, rows: 50 } })
    let f = await ui.until('Timing')
    for (const s of [
      'Outcome',
      'Scheduling',
      'Arguments',
      'category = poetry',
      'Tags',
      'daily',
      'Custom fields',
      'dataset',
    ]) {
      expect(f).toContain(s)
    }
    expect(f).toMatch(/1\/1\/1\s+books\s+finished · ok\s+\(finished\)\s+version abc123-master/)
    expect(f).toMatch(/ran 9m 00s/)
    expect(f).toMatch(/items\s+120/)
    await ui.press('s')
    f = await ui.until('▾ downloader/')
    // The root stats come first; the fifth line is the downloader/ group.
    await ui.press('j', 'j', 'j', 'j')
    expect(f).toMatch(/request_bytes\s+69\.\d KiB/)
    expect(f).toMatch(/▾ response_status_count\/ \(2\)/)
    await ui.press(ENTER)
    f = await ui.until('▸ downloader/')
    expect(f).not.toContain('request_bytes')
    await ui.press(ENTER, '/', ...'status', ENTER)
    f = await ui.until('Stats (13) /status')
    expect(f).toMatch(/200\s+121/)
    expect(f).not.toContain('item_scraped_count')
    await ui.press(ESC)
    await ui.until('item_scraped_count')
    await ui.press('J')
    f = await ui.until('"scrapystats": {')
    expect(f).toContain('"close_reason": "finished"')
    await ui.press(ESC)
    await ui.until('5 jobs loaded')
  })

  it('folds the enclosing group with h from a stat inside it', async () => {
    const ui = show({ initialJob: '1/1/1' })
    await ui.until('Timing')
    await ui.press('s')
    await ui.until('▾ downloader/')
    // Four top-level stats, the downloader/ header, then its first stat.
    await ui.press('j', 'j', 'j', 'j', 'j', 'y')
    await ui.until(`copied value to the clipboard: ${594 * 120}`)
    await ui.press('h')
    const f = await ui.until('▸ downloader/')
    expect(f).not.toContain('request_bytes')
    await ui.press('y')
    await vi.waitFor(() => expect(ui.copied.at(-1)).toMatch(/^downloader/))
  })

  it('keeps the selected stat selected when a refresh adds stats above it', async () => {
    const stats = { item_scraped_count: 7, response_received_count: 9 }
    await server.control.putJobs([
      {
        key: '1/4/9',
        spider: 'live',
        state: 'running',
        scrapystats: stats,
      },
    ])
    try {
      const ui = show({ initialJob: '1/4/9', intervalMs: 100 })
      await ui.until('Stats (2)')
      await ui.press('s', 'j', 'y')
      await ui.until('copied value to the clipboard: 9')
      await server.client.job('1/4/9').set('scrapystats', { ...stats, aaa_new: 1, abc_new: 2 })
      await ui.until('Stats (4)')
      await ui.press('y')
      await vi.waitFor(() => expect(ui.copied).toEqual(['9', '9']))
      await ui.press('k', 'y')
      await vi.waitFor(() => expect(ui.copied.at(-1)).toBe('7'))
    } finally {
      await server.control.deleteJob('1/4/9')
    }
  })

  it('says a pending job refreshes by itself as pending, not running', async () => {
    const ui = show({ initialJob: '1/1/5' })
    const f = await ui.until('refreshes by itself')
    expect(f).toContain('https://app.zyte.com/p/1/1/5 · pending: refreshes by itself')
  })

  it('shows the status-code histogram', async () => {
    const ui = show({ initialJob: '1/1/3', size: { columns: 120, rows: 60 } })
    const f = await ui.until('Responses by status')
    expect(f).toMatch(/200\s+█+\s+41/)
    expect(f).toMatch(/404\s+█\s+1/)
  })

  it('refreshes a running job by itself', async () => {
    const ui = show({ initialJob: '1/2/4', intervalMs: 100 })
    await ui.until(/running for/)
    await server.client.job('1/2/4').set('close_note', 'updated-live')
    await ui.until('updated-live')
    await ui.press('p')
    await ui.until('paused (p)')
  })
})

describe('errors', () => {
  it('explains a rejected key in the status line', async () => {
    const ui = show({ client: server.clientWith('badbadbadbadbadbadbadbadbadbadba') })
    const f = await ui.until('401 Unauthorized')
    expect(f).toContain('check --apikey')
  })

  it('explains a job that does not exist', async () => {
    const ui = show({ initialJob: '1/9/999' })
    await ui.until('job not found')
  })

  it('says the list or job could not be loaded, without the previous "updated" time', async () => {
    const ui = show({ client: server.clientWith('badbadbadbadbadbadbadbadbadbadba') })
    let f = await ui.until('401 Unauthorized')
    expect(f).toContain('could not load the jobs')
    expect(f).not.toContain('no jobs match')
    const job = show({ initialJob: '1/1/1' })
    await job.until(/final · updated (just now|\d+s ago)/)
    await job.press(':', ...'1/9/999', ENTER)
    f = await job.until('job not found')
    expect(f).toContain('could not load this job')
    expect(f).toContain('· not loaded yet')
    expect(f).not.toMatch(/updated (just now|\d+s ago)/)
  })

  it('clears a mistyped jump from the status line at the next key', async () => {
    const ui = show()
    await ui.until('5 jobs loaded')
    await ui.press(':', ...'1/x', ENTER)
    await ui.until('Invalid key')
    await ui.press('j')
    await ui.until('5 jobs loaded')
    expect(ui.frame()).not.toContain('Invalid key')
  })

  it('explains a network failure', async () => {
    const client = createClient({
      apikey: 'x',
      storageUrl: 'http://127.0.0.1:9/',
      retry: false,
      timeoutMs: 5000,
    })
    const ui = show({ client })
    const f = await ui.until('cannot reach 127.0.0.1:9')
    // Tried again by itself after the refresh interval (60 s here).
    expect(f).toContain('· retrying in 60s')
  })

  it('explains a timeout and recovers on r', async () => {
    const client = createClient({
      apikey: 'feedfacefeedfacefeedfacefeedface',
      storageUrl: server.url,
      retry: false,
      // room for the retried request on a loaded 2-core machine (150 ms was not always enough)
      timeoutMs: 600,
    })
    await server.control.setFaults({ latencyMs: 3000, times: 1 })
    const ui = show({ client })
    await ui.until('timed out')
    await ui.press('r')
    await ui.until('1/1/5')
  })
})

describe('live refresh', () => {
  it('picks up new jobs on the interval and shows when it last updated', async () => {
    const ui = show({ intervalMs: 100, clock: Date.now })
    await ui.until('1/1/5')
    expect(ui.frame()).toMatch(/live every 0\.1s · updated (just now|\d+s ago)/)
    await server.control.putJobs([
      {
        key: '1/3/6',
        spider: 'fresh',
        state: 'pending',
        pending_time: Date.now(),
      },
    ])
    await ui.until('1/3/6')
    await server.control.deleteJob('1/3/6')
  })

  it('keeps the selected job selected when a refresh adds rows above it', async () => {
    const ui = show({ intervalMs: 100, clock: Date.now })
    await ui.until('1/1/5')
    await ui.press('j', 'j')
    await server.control.putJobs([
      {
        key: '1/3/7',
        spider: 'fresh',
        state: 'pending',
        pending_time: Date.now(),
      },
    ])
    try {
      await ui.until('1/3/7')
      await ui.press('y')
      await ui.until('copied job key to the clipboard: 1/1/3')
      // Moving goes on from the job that stayed selected, not from its old position.
      await ui.press('j', 'y')
      await ui.until('copied job key to the clipboard: 1/2/2')
    } finally {
      await server.control.deleteJob('1/3/7')
    }
  })
})

describe('daily workflow', () => {
  const listed = (f: string) =>
    f
      .split('\n')
      .map((l) => /^(1\/\d+\/\d+)\s/.exec(l)?.[1])
      .filter(Boolean)

  it('filters by outcome with o (core’s rule), from --outcome too', async () => {
    const ui = show()
    await ui.until('1/1/1')
    await ui.press('o')
    await ui.until('outcome: failed')
    await vi.waitFor(() => expect(listed(ui.frame())).toEqual(['1/2/2']))
    expect(ui.frame()).toContain('✖ failed')
    await ui.press('o')
    await vi.waitFor(() => expect(listed(ui.frame())).toEqual(['1/1/1']))
    const started = show({ initialOutcome: ['cancelled'] })
    await started.until('outcome: cancelled')
    await vi.waitFor(() => expect(listed(started.frame())).toEqual(['1/1/3']))
  })

  it('asks JobQ for a time range (t cycles; --since at start)', async () => {
    const ui = show({ initialRange: { label: 'since 20m', since: T0 - 20 * 60_000 } })
    await ui.until('time: since 20m')
    await vi.waitFor(() => expect(listed(ui.frame())).toEqual(['1/1/5', '1/2/4', '1/1/3']))
    await ui.press('t')
    await ui.until('time: all')
    await vi.waitFor(() => expect(listed(ui.frame())).toHaveLength(5))
    await ui.press('t')
    await ui.until('time: 1h')
  })

  it('sorts with S, keeping pending and running above finished', async () => {
    const ui = show()
    await ui.until('1/1/1')
    expect(ui.frame()).toContain('sort: newest')
    await ui.press('S', 'S', 'S')
    await ui.until('sort: items')
    await vi.waitFor(() =>
      expect(listed(ui.frame())).toEqual(['1/1/5', '1/2/4', '1/1/1', '1/1/3', '1/2/2']),
    )
  })

  it('keeps an old pending job above newer finished ones', async () => {
    const old = await startTestServer([
      { key: '4/1/1', spider: 'slow', state: 'pending', pending_time: T0 - 3 * 86_400_000 },
      {
        key: '4/1/2',
        spider: 'slow',
        state: 'finished',
        close_reason: 'finished',
        pending_time: T0 - 120_000,
        running_time: T0 - 60_000,
        finished_time: T0 - 1000,
      },
    ])
    try {
      const ui = show({ client: old.client, project: 4 })
      const f = await ui.until('4/1/2')
      expect(f.indexOf('4/1/1')).toBeLessThan(f.indexOf('4/1/2'))
    } finally {
      await old.close()
    }
  })

  it('shows the spiders view: last outcome, items sparkline, failures; Enter lists its jobs', async () => {
    const ui = show()
    await ui.until('1/1/1')
    await ui.press('s')
    // The list's own rows also read "quotes ✖ failed": wait for the spiders view's title too.
    const f = await ui.until(/project 1 › spiders[\s\S]*quotes\s+✖ failed\s+30m ago/)
    expect(f).toMatch(/books\s+⊘ cancelled\s+15m ago\s+4m 00s\s+40\s+█▃\s+0\/2/)
    expect(f).toMatch(/quotes\s+✖ failed\s+30m ago\s+9m 00s\s+3\s+█\s+1\/1/)
    expect(f).toContain('⏎ jobs')
    await ui.press('j', ENTER)
    await ui.until('spider: quotes')
    await vi.waitFor(() => expect(listed(ui.frame())).toEqual(['1/2/4', '1/2/2']))
  })

  it('shows the full error text with !, and a close reason when nothing failed', async () => {
    const long = 'closespider_errorcount: '.padEnd(300, 'x')
    await server.control.putJobs([
      {
        key: '1/2/8',
        spider: 'quotes',
        state: 'finished',
        close_reason: long,
        finished_time: T0 - 1000,
      },
    ])
    try {
      const ui = show({ initialSort: 'finished' })
      await ui.until('1/2/8')
      await ui.press('j', 'j', '!')
      const f = await ui.until('close reason of 1/2/8')
      expect(f.replace(/[\s│╭╮╰╯─]/g, '')).toContain(long.replace(/\s/g, ''))
      await ui.press('x')
      await vi.waitFor(() => expect(ui.frame()).not.toContain('close reason of'))
      await server.control.setFaults({ errorRate: 1, status: 503, match: '/jobq/1/list' })
      await ui.press('r')
      await ui.until('503')
      await ui.press('!')
      await ui.until('error (any key closes)')
    } finally {
      await server.control.deleteJob('1/2/8')
    }
  })

  it('retries a job page whose load failed by itself, saying when', async () => {
    await server.control.setFaults({ errorRate: 1, status: 503, times: 1, match: '/jobs/1/1/3' })
    const ui = show({ initialJob: '1/1/3', intervalMs: 300 })
    await ui.until('retrying in 1s')
    await ui.until('finished · cancelled')
  })

  it('keeps the job under the cursor selected under refresh, before any key and after a job page', async () => {
    const ui = show({ intervalMs: 100, clock: Date.now })
    await ui.until('1/1/5')
    await server.control.putJobs([
      {
        key: '1/3/9',
        spider: 'fresh',
        state: 'pending',
        pending_time: Date.now(),
      },
    ])
    try {
      await ui.until('1/3/9')
      await ui.press(ENTER)
      await ui.until('job 1/1/5')
      await ui.press(ESC)
      await ui.until('6 jobs loaded')
      await server.control.putJobs([
        {
          key: '1/3/10',
          spider: 'fresh',
          state: 'pending',
          pending_time: Date.now(),
        },
      ])
      await ui.until('1/3/10')
      await ui.press('y')
      await ui.until('copied job key to the clipboard: 1/1/5')
    } finally {
      await server.control.deleteJob('1/3/9')
      await server.control.deleteJob('1/3/10')
    }
  })

  it('keeps the selected job through a filter that hides it: clearing the filter returns to it', async () => {
    const ui = show()
    await ui.until('1/1/3')
    await ui.press('j', 'j', '/', ...'quo')
    await ui.until('filter jobs: /quo')
    await ui.press(ESC)
    await ui.until('5 jobs loaded')
    await ui.press('y')
    await ui.until('copied job key to the clipboard: 1/1/3')
  })

  it('gives a wide terminal’s spare columns to spider, close reason and tags', async () => {
    const ui = show({ size: { columns: 200, rows: 24 } })
    const f = await ui.until('1/2/2')
    const header = f.split('\n').find((l) => l.startsWith('KEY')) ?? ''
    expect(header).toMatch(/^KEY {16}SPIDER {20,}OUTCOME {5}CLOSE REASON {20,}ITEMS/)
    expect(header.trimEnd().length).toBeGreaterThan(150)
  })

  it('shows outcomes as symbol and word without colour, and keeps ? help and q quit at 80 columns', async () => {
    const ui = show({ theme: createTheme(false), size: { columns: 80, rows: 24 } })
    // Inside the project the key shrinks to S/J before close reason and errors go.
    await ui.until(/^2\/2 /m)
    const raw = ui.lastFrame() ?? ''
    // No colour codes at all (inverse for the cursor only).
    expect(raw.match(/\x1b\[3\dm/g)).toBeNull()
    const f = ui.frame()
    expect(f).toMatch(/2\/2\s+quotes\s+✖ failed/)
    expect(f).toMatch(/1\/1\s+books\s+✔ ok/)
    const footer = f.trimEnd().split('\n').at(-1) ?? ''
    expect(footer).toMatch(/\? help {2}q quit$/)
    expect(footer.length).toBeLessThanOrEqual(80)
  })
})
