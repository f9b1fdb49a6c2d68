/**
 * The viewer in a real terminal against an emulator this test controls: the selection follows the
 * job under live refresh, the spiders view, the outcome filter and the 80-column footer.
 */
import { type EmulatorControl, emulatorControl, type JobSeed } from '@jobmeta/emulator'
import { startEmulator } from '@jobmeta/emulator/node'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { CLI, cleanEnv } from './run-cli.ts'
import { TmuxSession } from './tmux.ts'

const KEY = 'feedfacefeedfacefeedfacefeedface'
const NOW = Date.now()
const min = (m: number) => NOW - m * 60_000

function seed(): JobSeed[] {
  const finished = (n: number, spider: string, close_reason: string, items: number): JobSeed => ({
    key: `7/${spider === 'books' ? 1 : 2}/${n}`,
    spider,
    state: 'finished',
    close_reason,
    pending_time: min(200 - n * 10) - 60_000,
    running_time: min(200 - n * 10),
    finished_time: min(195 - n * 10),
    scrapystats: { item_scraped_count: items, response_received_count: items + 1 },
  })
  return [
    finished(1, 'books', 'finished', 100),
    finished(2, 'quotes', 'memusage_exceeded', 5),
    finished(3, 'books', 'finished', 300),
    finished(4, 'quotes', 'finished', 50),
    finished(5, 'books', 'failed', 20),
    { key: '7/1/6', spider: 'books', state: 'running', pending_time: min(5), running_time: min(4) },
  ]
}

let server: Awaited<ReturnType<typeof startEmulator>>
/** The emulator's controls over HTTP (jobs, faults, clock), as every package's tests use them. */
let control: EmulatorControl
let tmux: TmuxSession | undefined

beforeAll(async () => {
  server = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    seed: seed(),
    apikeys: { [KEY]: '*' },
  })
  control = emulatorControl(server.url)
})
afterAll(() => server?.close())
afterEach(async () => {
  tmux?.kill()
  tmux = undefined
  // No injected fault outlives its test, even a failed one.
  await control?.clearFaults()
})

const RUNNING_JOB_SHOWN = (p: string) => p.includes('jobs loaded') && /(^|\s)(7\/)?1\/6\s/m.test(p)

/** The viewer on project 7 of the emulator, in a `columns`x`rows` tmux pane, once `ready` holds. */
async function viewer(
  columns = 120,
  rows = 40,
  extra = '',
  ready: (pane: string) => boolean = RUNNING_JOB_SHOWN,
): Promise<TmuxSession> {
  const shell = "env TERM=xterm-256color PS1='$ ' bash --norc --noprofile"
  tmux = new TmuxSession(columns, rows, shell, cleanEnv())
  await tmux.waitFor((p) => p.includes('$'), 'the shell prompt')
  tmux.send([
    `node ${CLI} --apikey ${KEY} --storage-url ${server.url} --project 7 --interval 1 ${extra}; echo "EXIT=$?"`,
    'Enter',
  ])
  await tmux.waitFor(ready, 'the job list')
  return tmux
}

/** The job key on the highlighted (inverse) line of the pane. */
function selected(t: TmuxSession): string | undefined {
  const line = t
    .capture(true)
    .split('\n')
    .find((l) => /\x1b\[(?:[\d;]*;)?7(?:;[\d;]*)?m/.test(l))
  return line?.replace(/\x1b\[[\d;]*m/g, '').match(/\d+\/\d+(\/\d+)?/)?.[0]
}

it('keeps the highlighted job selected while live refresh puts new jobs above it', async () => {
  const t = await viewer()
  expect(selected(t)).toBe('7/1/6')
  // New pending jobs arrive on top, refresh after refresh; the highlight stays on 7/1/6.
  for (const n of [7, 8, 9]) {
    await control.putJobs([
      {
        key: `7/2/${n}`,
        spider: 'quotes',
        state: 'pending',
        pending_time: Date.now(),
      },
    ])
    await t.waitFor((p) => p.includes(`7/2/${n}`), `new job 7/2/${n}`)
    expect(selected(t)).toBe('7/1/6')
  }
  t.send(['j'])
  await t.waitFor(() => selected(t) === '7/1/5', 'the cursor on the next job')
  await control.putJobs([
    {
      key: '7/2/10',
      spider: 'quotes',
      state: 'pending',
      pending_time: Date.now(),
    },
  ])
  await t.waitFor((p) => p.includes('7/2/10'), 'new job 7/2/10')
  t.send(['Enter'])
  await t.waitFor((p) => p.includes('› job 7/1/5'), 'the job that was highlighted')
  t.send(['Escape'])
  await t.waitFor(() => selected(t) === '7/1/5', 'back on the same job')
  for (const n of [7, 8, 9, 10]) await control.deleteJob(`7/2/${n}`)
  t.send(['q'])
  await t.waitFor((p) => /^EXIT=0$/m.test(p), 'exit 0')
}, 120_000)

it('shows the spiders view and opens a spider’s jobs', async () => {
  const t = await viewer()
  t.send(['s'])
  const pane = await t.waitFor((p) => p.includes('› spiders') && /quotes\s/.test(p), 'the spiders')
  // books: last run failed, items 100, 300, 20 oldest first; quotes: last ok, 1 failure of 2.
  expect(pane).toMatch(/books\s+✖ failed\s.*\s20\s+▃█▁\s+1\/3/)
  expect(pane).toMatch(/quotes\s+✔ ok\s.*\s50\s+▂█\s+1\/2/)
  expect(pane).toContain('⏎ jobs')
  t.send(['j', 'Enter'])
  const list = await t.waitFor(
    (p) => p.includes('spider: quotes') && p.includes('7/2/4') && !p.includes('7/1/'),
    "only quotes' jobs",
  )
  expect(list.match(/7\/2\/\d+/g)?.sort()).toEqual(['7/2/2', '7/2/4'])
}, 120_000)

it('filters by outcome with o: failed means every failure close reason', async () => {
  const t = await viewer()
  t.send(['o'])
  const pane = await t.waitFor(
    (p) => p.includes('outcome: failed') && p.includes('7/2/2') && !p.includes('7/1/3'),
    'only failed jobs',
  )
  const rows = pane.split('\n').filter((l) => /^7\/\d+\/\d+\s/.test(l))
  expect(rows.map((l) => l.split(/\s+/)[0]).sort()).toEqual(['7/1/5', '7/2/2'])
  for (const l of rows) expect(l).toContain('✖ failed')
}, 120_000)

/** The job keys of the list's rows in a pane (S/J keys inside project 7 too), sorted. */
const rowKeys = (pane: string) =>
  pane
    .split('\n')
    .filter((l) => /^(7\/)?\d+\/\d+\s/.test(l))
    .map((l) => (l.split(/\s+/)[0] as string).replace(/^(?!7\/)/, '7/'))
    .sort()

it('starts with --outcome failed and --since 24h applied (the CLI passes them to the viewer)', async () => {
  const t = await viewer(120, 40, '--outcome failed --since 24h', (p) => p.includes('jobs loaded'))
  const pane = await t.waitFor((p) => p.includes('7/2/2'), 'the failed jobs')
  expect(pane).toContain('outcome: failed')
  expect(pane).toMatch(/time: since (1d|24h) ago/)
  expect(rowKeys(pane)).toEqual(['7/1/5', '7/2/2'])
  t.send(['q'])
  await t.waitFor((p) => /^EXIT=0$/m.test(p), 'exit 0')
}, 120_000)

it('starts with --since applied: only jobs whose state changed since then are listed', async () => {
  // finished 145, 155 and 165 minutes ago, and the running job, stay; 175 and 185 go
  const t = await viewer(120, 40, '--since 170m')
  const pane = t.capture()
  expect(pane).toMatch(/time: since 2h ago/)
  expect(rowKeys(pane)).toEqual(['7/1/3', '7/1/5', '7/1/6', '7/2/4'])
}, 120_000)

it('keeps ? help and q quit in the footer at 80 columns, with S/J keys', async () => {
  const t = await viewer(80, 24)
  const pane = await t.waitFor((p) => /^1\/6\s/m.test(p), 'S/J keys')
  const lines = pane.trimEnd().split('\n')
  const footer = lines.at(-1) ?? ''
  expect(footer).toMatch(/\? help {2}q quit\s*$/)
  expect(pane).toMatch(/CLOSE REASON/)
  t.send(['s'])
  const spiders = await t.waitFor((p) => p.includes('› spiders'), 'the spiders at 80 columns')
  expect(spiders.trimEnd().split('\n').at(-1)).toMatch(/\? help {2}q quit\s*$/)
}, 120_000)

it('draws "loading…" while a slow first read is answered, then the rows of that read', async () => {
  // The CLI asks for the first page before Ink loads and waits for it only 150 ms.
  await control.reset()
  await control.setFaults({ latencyMs: 1500, times: 1, match: '/jobq/7/list' })
  // (a later --interval wins: no live refresh within the test)
  const t = await viewer(120, 40, '--interval 600', (p) => p.includes('loading jobs…'))
  expect(t.capture()).not.toContain('jobs loaded')
  await t.waitFor(RUNNING_JOB_SHOWN, 'the rows once the slow read is answered')
  // The rows are those of the early read: the list did not ask again.
  expect(await control.count('GET /jobq/:project/list')).toBe(1)
}, 120_000)

it('shows the error of a failed first read in the viewer', async () => {
  await control.setFaults({ errorRate: 1, status: 500, match: '/jobq/7/list' })
  const t = await viewer(120, 40, '', (p) => /500/.test(p) && p.includes('jobmeta'))
  expect(t.capture()).not.toContain('jobs loaded')
  await control.clearFaults()
  t.send(['r'])
  await t.waitFor(RUNNING_JOB_SHOWN, 'the rows after r')
}, 120_000)
