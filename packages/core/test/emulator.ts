// The test emulator's keys and seeds, shared by the Node and the workerd runs: web-standard only.
// Its controls are @jobmeta/emulator's emulatorControl.
import type { JobSeed } from '@jobmeta/emulator'
import { SPEC_EXAMPLE_TEXT } from './fixtures.ts'

/** Test project and the key that reads it; OTHER_KEY reads only project 999. */
export const P = 1000
/** A second project the test key reads (for jobs whose state tests change). */
export const P2 = 1001
export const KEY = 'aaaaaaaabbbbbbbbccccccccdddddddd'
export const OTHER_KEY = 'eeeeeeeeffffffff0000000011111111'
export const APIKEYS = { [KEY]: [P, P2], [OTHER_KEY]: [999] }

/** The job token (`auth`) of the running job 1000/1/2. */
export const JOB_TOKEN = 'eyJhbGciOi.job-token.sig'

const T = 1_700_000_000_000
const spec = JSON.parse(SPEC_EXAMPLE_TEXT) as Record<string, unknown>

/** Six jobs covering every state. JobQ order (newest state time first): 6, 5, 4, 3, 2, 1. */
export const SEEDS: JobSeed[] = [
  {
    ...spec,
    key: `${P}/1/1`,
    project: P,
    pending_time: T,
    running_time: T + 1000,
    finished_time: T + 60_000,
    owner: 'ana',
    note: null,
  },
  {
    key: `${P}/1/2`,
    project: P,
    spider: 'testspider',
    state: 'running',
    pending_time: T + 100_000,
    running_time: T + 110_000,
    tags: ['tag2'],
    priority: 2,
    units: 1,
    auth: JOB_TOKEN,
  },
  {
    key: `${P}/2/3`,
    project: P,
    spider: 'other',
    state: 'pending',
    pending_time: T + 200_000,
    priority: 3,
    units: 1,
  },
  {
    key: `${P}/2/4`,
    project: P,
    spider: 'other',
    state: 'finished',
    pending_time: T + 300_000,
    running_time: T + 301_000,
    finished_time: T + 400_000,
    close_reason: 'failed',
    tags: ['tag1'],
    owner: 'bo',
  },
  {
    key: `${P}/1/5`,
    project: P,
    spider: 'testspider',
    state: 'deleted',
    pending_time: T + 500_000,
    running_time: T + 501_000,
    finished_time: T + 510_000,
    deleted_time: T + 600_000,
    close_reason: 'finished',
  },
  {
    key: `${P}/3/6`,
    project: P,
    spider: 'third',
    state: 'finished',
    pending_time: T + 700_000,
    running_time: T + 701_000,
    finished_time: T + 800_000,
    close_reason: 'cancelled',
    tags: [],
  },
  { key: `${P2}/1/1`, project: P2, spider: 'w', state: 'pending', pending_time: T },
]
export const TIME0 = T

/** Retry settings that keep tests fast. */
export const FAST_RETRY = { baseDelayMs: 2, maxDelayMs: 10, jitterMs: 2, maxRetryAfterMs: 20 }
