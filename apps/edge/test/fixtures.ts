/** Test data shared by the Node and workerd suites: a key, a public and a hidden project, seeded jobs. */
import { secretForms } from '@jobmeta/core'
import type { JobSeed } from '@jobmeta/emulator'
import { HIDDEN, PROJECT, TEST_KEY } from './constants.ts'

export { HIDDEN, PROJECT, TEST_KEY }
/** Number of finished jobs seeded for spider 1. */
export const FINISHED_JOBS = 300

const T0 = 1_700_000_000_000

/** Seeds: many finished jobs with private fields, a few running/pending ones, one leaking the key. */
export function seeds(): JobSeed[] {
  const out: JobSeed[] = []
  for (let j = 1; j <= FINISHED_JOBS; j++) {
    out.push({
      key: `${PROJECT}/1/${j}`,
      spider: 'books',
      state: 'finished',
      close_reason: j % 10 === 0 ? 'failed' : 'finished',
      pending_time: T0 + j * 1000,
      running_time: T0 + j * 1000 + 100,
      finished_time: T0 + j * 1000 + 900,
      tags: ['nightly'],
      version: 'abc123-main',
      priority: 2,
      units: 1,
      scheduled_by: 'alice',
      spider_args: { token: 'ARG-SECRET' },
      job_settings: { DOWNLOAD_DELAY: 1 },
      environment: { PRIVATE_ENV: 'ENV-SECRET' },
      _shub_worker: 'kumo-internal',
      scrapystats: {
        item_scraped_count: j,
        // requests are responses received (core's jobFigures); the request count differs on purpose
        response_received_count: j * 2,
        'downloader/request_count': j * 2 + 1,
        'log_count/ERROR': j % 3,
      },
    })
  }
  out.push({
    key: `${PROJECT}/2/1`,
    spider: 'quotes',
    state: 'running',
    pending_time: T0,
    running_time: T0 + 5,
  })
  out.push({ key: `${PROJECT}/2/2`, spider: 'quotes', state: 'pending', pending_time: T0 })
  // spider 4 has jobs 1 and 3 but no job 2
  for (const j of [1, 3]) {
    out.push({
      key: `${PROJECT}/4/${j}`,
      spider: 'gaps',
      state: 'finished',
      close_reason: 'finished',
    })
  }
  // a job whose published fields carry the key: the worker must scrub it
  out.push({
    key: `${PROJECT}/3/1`,
    spider: 'leaky',
    state: 'finished',
    close_reason: 'finished',
    version: TEST_KEY,
    tags: [btoa(`${TEST_KEY}:`), encodeURIComponent(TEST_KEY)],
  })
  out.push({ key: `${HIDDEN}/1/1`, spider: 'secret-spider', state: 'finished' })
  return out
}

/** Emulator options for the seeds above. */
export function emulatorOptions() {
  return { seed: seeds(), apikeys: { [TEST_KEY]: [PROJECT, HIDDEN] } }
}

/** Worker settings pointing at an emulator base URL. */
export function testEnv(
  emulatorUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    SHUB_APIKEY: TEST_KEY,
    SHUB_STORAGE: emulatorUrl,
    PUBLIC_PROJECTS: String(PROJECT),
    ...extra,
  }
}

/** The forms of the key that must never appear in an answer (core's list; its test pins the forms). */
export const KEY_FORMS = secretForms(TEST_KEY)

/** Every byte of an answer (status line, headers, body) as text. */
export async function allBytes(res: Response): Promise<string> {
  const head = [`${res.status} ${res.statusText}`]
  res.headers.forEach((v, k) => {
    head.push(`${k}: ${v}`)
  })
  const body = new Uint8Array(await res.arrayBuffer())
  return `${head.join('\n')}\n\n${new TextDecoder('latin1').decode(body)}`
}

/** Whether text contains the key in any form. */
export function leaksKey(text: string): boolean {
  return KEY_FORMS.some((f) => text.includes(f))
}
