/** Test helpers: a real emulator on 127.0.0.1 with deterministic jobs, and a client for it. */
import { type Client, createClient, parseJobKey, type ValidationError } from '@jobmeta/core'
import { createNodeFetch } from '@jobmeta/core/node'
import { emulatorControl, type JobSeed } from '@jobmeta/emulator'
import { startEmulator } from '@jobmeta/emulator/node'
import type { ListQuery } from './list-query.ts'

/** The API key the test emulator accepts for every project. */
export const TEST_KEY = 'feedfacefeedfacefeedfacefeedface'
/** A fixed "now" a little after the seeded jobs. */
export const T0 = Date.UTC(2026, 10, 29, 8, 0, 0)

const stats = (items: number, extra: Record<string, number | string> = {}) => ({
  item_scraped_count: items,
  response_received_count: items + 2,
  'downloader/request_bytes': 594 * items,
  'downloader/request_count': items + 2,
  'downloader/response_bytes': 18660 * items,
  'downloader/response_count': items + 2,
  'downloader/response_status_count/200': items + 1,
  'downloader/response_status_count/404': 1,
  'log_count/INFO': 11,
  'log_count/WARNING': 1,
  'memusage/max': 72_433_664,
  elapsed_time_seconds: 3.211014,
  finish_reason: 'finished',
  ...extra,
})

/** Five jobs in project 1 across two spiders and every outcome. */
export function testSeed(): JobSeed[] {
  const t = (min: number) => T0 - min * 60_000
  return [
    {
      key: '1/1/1',
      spider: 'books',
      state: 'finished',
      close_reason: 'finished',
      pending_time: t(60),
      running_time: t(59),
      finished_time: t(50),
      scheduled_by: 'alice',
      priority: 2,
      units: 1,
      tags: ['daily'],
      spider_args: { category: 'poetry' },
      version: 'abc123-master',
      dataset: 'books-eu',
      scrapystats: stats(120),
    },
    {
      key: '1/2/2',
      spider: 'quotes',
      state: 'finished',
      close_reason: 'failed',
      pending_time: t(40),
      running_time: t(39),
      finished_time: t(30),
      tags: ['smoke'],
      scrapystats: stats(3, { 'log_count/ERROR': 4 }),
    },
    {
      key: '1/1/3',
      spider: 'books',
      state: 'finished',
      close_reason: 'cancelled',
      pending_time: t(20),
      running_time: t(19),
      finished_time: t(15),
      scrapystats: stats(40),
    },
    {
      key: '1/2/4',
      spider: 'quotes',
      state: 'running',
      pending_time: t(10),
      running_time: t(9),
      scrapystats: stats(7),
    },
    { key: '1/1/5', spider: 'books', state: 'pending', pending_time: t(1) },
  ]
}

/** A running emulator plus a client for it; `close()` stops both. */
export async function startTestServer(seed: JobSeed[] | 'demo' = testSeed()) {
  const server = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    seed,
    apikeys: { [TEST_KEY]: '*' },
  })
  // Core's reports of odd values, collected (as the CLI's session does) instead of console.warn
  const warnings: ValidationError[] = []
  // the CLI's fetch (its session's): a kept-alive connection the emulator closed while a long
  // property test ran is sent on once more, not failed (no retries here: retry is false)
  const fetch = createNodeFetch()
  const client: Client = createClient({
    apikey: TEST_KEY,
    storageUrl: server.url,
    retry: false,
    timeoutMs: 2000,
    fetch,
    onWarning: (w) => warnings.push(w),
  })
  return {
    ...server,
    /** the emulator's controls over HTTP: jobs, faults, counters, clock */
    control: emulatorControl(server.url),
    client,
    warnings,
    clientWith: (apikey: string) =>
      createClient({ apikey, storageUrl: server.url, retry: false, timeoutMs: 2000, fetch }),
  }
}

/** `get`'s request for one job key as text and its fields (tests write keys as strings). */
export function getRequest(key: string, ...fields: string[]) {
  return { keys: [parseJobKey(key)], fields }
}

/** `ls`'s query from the test's list options (absent filters empty). */
export function lsQuery(o: Partial<ListQuery> = {}): ListQuery {
  return { state: [], tag: [], outcome: [], ...o }
}
