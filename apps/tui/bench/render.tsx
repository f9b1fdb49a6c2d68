/**
 * Re-render time after a key press: 10,000 jobs in the list, and a 5,000-key stats tree, each
 * against the baseline of the same Ink render of a static 40-row screen (a cursor moved by `j`).
 */
import { createClient } from '@jobmeta/core'
import type { JobSeed } from '@jobmeta/emulator'
import { startEmulator } from '@jobmeta/emulator/node'
import { Box, Text, useInput } from 'ink'
import { render } from 'ink-testing-library'
import { useState } from 'react'
import { App } from '../src/app/App.tsx'
import { median, percentile } from './stats.ts'

const KEY = 'feedfacefeedfacefeedfacefeedface'
const T0 = Date.UTC(2026, 10, 29, 8)

/** 10,000 finished jobs over 6 spiders in project 1, plus one job with 5,000 stats. */
function seed(): JobSeed[] {
  const jobs: JobSeed[] = []
  for (let n = 1; n <= 10_000; n++) {
    const spider = (n % 6) + 1
    jobs.push({
      key: `1/${spider}/${n}`,
      spider: `spider-${spider}`,
      state: 'finished',
      close_reason: n % 17 === 0 ? 'failed' : 'finished',
      pending_time: T0 - (10_001 - n) * 60_000 - 5000,
      running_time: T0 - (10_001 - n) * 60_000 - 4000,
      finished_time: T0 - (10_001 - n) * 60_000,
      tags: n % 3 ? ['daily'] : ['daily', 'backfill'],
      scrapystats: {
        item_scraped_count: n,
        response_received_count: n + 1,
        'log_count/ERROR': n % 5,
      },
    })
  }
  const big: Record<string, number> = {}
  for (let i = 0; i < 5000; i++) big[`group${i % 10}/sub${i % 50}/stat_${i}`] = i * 7
  jobs.push({
    key: '2/1/1',
    spider: 'big',
    state: 'finished',
    close_reason: 'finished',
    scrapystats: big,
  })
  return jobs
}

type Ui = ReturnType<typeof render>

const STATIC_LINES = Array.from(
  { length: 40 },
  (_, i) =>
    `1/${(i % 6) + 1}/${10_000 - i}`.padEnd(19) +
    'spider-3   ✔ ok        finished   1,234   5   3m 02s'.padEnd(101),
)

/** The baseline: 40 fixed lines of 120 columns, one shown inverse; `j` moves it. */
function StaticScreen() {
  const [cursor, setCursor] = useState(0)
  useInput((input) => {
    if (input === 'j') setCursor((c) => (c + 1) % STATIC_LINES.length)
  })
  return (
    <Box flexDirection="column">
      {STATIC_LINES.map((line, i) => (
        <Text key={line} inverse={i === cursor} wrap="truncate">
          {line}
        </Text>
      ))}
    </Box>
  )
}

async function frameAfter(ui: Ui, key: string): Promise<number> {
  const before = ui.frames.length
  const t = performance.now()
  ui.stdin.write(key)
  while (ui.frames.length === before) await new Promise((r) => setImmediate(r))
  return performance.now() - t
}

async function until(ui: Ui, text: string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (!(ui.lastFrame() ?? '').includes(text)) {
    if (Date.now() > deadline) throw new Error(`never saw ${text}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** One measured interaction: the median and p95 of `presses` key presses. */
export interface RenderResult {
  name: string
  median: number
  p95: number
  presses: number
}

/** All results plus the static-screen baseline they are compared with. */
export interface RenderBench {
  baseline: RenderResult
  results: RenderResult[]
}

/** Runs both render benchmarks against a real emulator. */
export async function renderBench(): Promise<RenderBench> {
  const server = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    seed: seed(),
    apikeys: { [KEY]: '*' },
  })
  const client = createClient({
    apikey: KEY,
    storageUrl: server.url,
    retry: false,
    timeoutMs: 60_000,
  })
  const results: RenderResult[] = []
  const size = { columns: 120, rows: 40 }
  const measure = async (ui: Ui, name: string, keys: string[]) => {
    const times: number[] = []
    for (const k of keys) times.push(await frameAfter(ui, k))
    results.push({ name, median: median(times), p95: percentile(times, 95), presses: times.length })
  }
  try {
    const still = render(<StaticScreen />)
    await until(still, 'spider-3')
    await measure(still, 'static 40-row screen: j (baseline)', Array(120).fill('j'))
    still.unmount()

    const list = render(
      <App
        client={client}
        project={1}
        demo={false}
        intervalMs={3_600_000}
        size={size}
        clock={() => T0}
        pageSize={10_000}
      />,
    )
    await until(list, '10,000 jobs loaded')
    await measure(list, 'list, 10,000 jobs: j (move down)', Array(60).fill('j'))
    await measure(list, 'list, 10,000 jobs: G / g (bottom, top)', Array(30).fill(['G', 'g']).flat())
    await measure(list, 'list, 10,000 jobs: / filter typing', [
      '/',
      ...'spider-3 failed',
      ...Array(15).fill('\x7f'),
      ...'spider-5 fin',
    ])
    list.unmount()

    const detail = render(
      <App
        client={client}
        project={2}
        initialJob="2/1/1"
        demo={false}
        intervalMs={3_600_000}
        size={size}
        clock={() => T0}
      />,
    )
    await until(detail, 'Timing')
    detail.stdin.write('s')
    await until(detail, '▾ group0/')
    await measure(detail, 'stats tree, 5,000 keys: j (move down)', Array(60).fill('j'))
    detail.stdin.write('g')
    await measure(detail, 'stats tree, 5,000 keys: Enter (fold/unfold)', Array(30).fill('\r'))
    await measure(detail, 'stats tree, 5,000 keys: / filter typing', ['/', ...'stat_42'])
    detail.unmount()
  } finally {
    await server.close()
  }
  const [baseline, ...rest] = results
  if (!baseline) throw new Error('no baseline measured')
  return { baseline, results: rest }
}
