// lastJobs, summary/jobSummary options and spider-name lookups against the emulator over HTTP.

import { emulatorControl } from '@jobmeta/emulator'
import { type RunningEmulator, startEmulator } from '@jobmeta/emulator/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from './client.ts'
import { BadRequestError, SpiderNotFoundError } from './errors.ts'
import type { JobQRow } from './schema.ts'

const P = 3000
const KEY = '0123abcd0123abcd0123abcd0123abcd'
const T = 1_700_000_000_000
const ODD_NAME = 'a b/é?#'

let server: RunningEmulator

beforeAll(async () => {
  server = await startEmulator({
    port: 0,
    apikeys: { [KEY]: [P] },
    seed: [
      { key: `${P}/1/1`, spider: 'alpha', state: 'finished', finished_time: T + 1, tags: ['x'] },
      {
        key: `${P}/1/2`,
        spider: 'alpha',
        state: 'finished',
        pending_time: T + 5,
        running_time: T + 10,
        finished_time: T + 20,
        close_reason: 'failed',
        owner: 'ana',
        scrapystats: { 'log_count/ERROR': 2, 'log_count/INFO': 3 },
      },
      { key: `${P}/1/3`, spider: 'alpha', state: 'running', running_time: T + 30 },
      { key: `${P}/2/1`, spider: 'beta', state: 'finished', finished_time: T + 15, tags: ['y'] },
      { key: `${P}/2/2`, spider: 'beta', state: 'pending', pending_time: T + 40, owner: 'bo' },
      { key: `${P}/3/1`, spider: ODD_NAME, state: 'finished', finished_time: T + 2 },
    ],
  })
})
afterAll(async () => {
  await server?.close()
})

const client = () => createClient({ apikey: KEY, storageUrl: server.url, retry: false })

async function all(rows: AsyncIterable<JobQRow>): Promise<JobQRow[]> {
  const out: JobQRow[] = []
  for await (const r of rows) out.push(r)
  return out
}

describe('jobs(p).spiderId(name)', () => {
  it('answers the id of a spider name, undefined for an unknown one, URL-encoding the name', async () => {
    const jobs = client().jobs(P)
    expect(await jobs.spiderId('beta')).toBe(2)
    expect(await jobs.spiderId(ODD_NAME)).toBe(3)
    expect(await jobs.spiderId('nobody')).toBeUndefined()
    await expect(jobs.spiderId('')).rejects.toBeInstanceOf(BadRequestError)
  })

  it('remembers ids it found: one request per name and handle', async () => {
    const ctl = emulatorControl(server.url)
    await ctl.reset()
    const jobs = client().jobs(P)
    await jobs.spiderId('alpha')
    await jobs.spiderId('alpha')
    await jobs.spiderId('nobody')
    await jobs.spiderId('nobody')
    expect(await ctl.count('GET /ids/:project/spider/:name')).toBe(3)
  })
})

describe('jobs(p).lastJobs()', () => {
  it('streams the last finished job of each spider, rows as recorded', async () => {
    const rows = await all(client().jobs(P).lastJobs())
    expect(rows.map((r) => r.key)).toEqual([`${P}/1/2`, `${P}/2/1`, `${P}/3/1`])
    expect(rows[0]).toMatchObject({
      spider: 'alpha',
      state: 'finished',
      pending_time: T + 5,
      running_time: T + 10,
      finished_time: T + 20,
      close_reason: 'failed',
      logs: 5,
      errors: 2,
    })
    expect(rows[0]).not.toHaveProperty('items')
  })

  it('narrows to a spider given by id, by name, or by a "P/S" handle; pages; asks for meta', async () => {
    const c = client()
    const keys = async (it: AsyncIterable<JobQRow>) => (await all(it)).map((r) => r.key)
    expect(await keys(c.jobs(P).lastJobs({ spider: 2 }))).toEqual([`${P}/2/1`])
    expect(await keys(c.jobs(P).lastJobs({ spider: 'beta' }))).toEqual([`${P}/2/1`])
    expect(await keys(c.jobs(P).lastJobs({ spider: ODD_NAME }))).toEqual([`${P}/3/1`])
    expect(await keys(c.jobs(`${P}/1`).lastJobs())).toEqual([`${P}/1/2`])
    expect(await keys(c.jobs(P).lastJobs({ count: 1, start: 1 }))).toEqual([`${P}/2/1`])
    const [row] = await all(c.jobs(P).lastJobs({ spider: 'alpha', meta: ['owner'] }))
    expect(row).toEqual({
      key: `${P}/1/2`,
      state: 'finished',
      elapsed: expect.any(Number),
      ts: T + 20,
      owner: 'ana',
    })
  })

  it('an unknown spider name is SpiderNotFoundError; a conflicting spider is refused locally', async () => {
    const c = client()
    const e = await all(c.jobs(P).lastJobs({ spider: 'nobody' })).catch((err: unknown) => err)
    expect(e).toBeInstanceOf(SpiderNotFoundError)
    expect((e as SpiderNotFoundError).status).toBe(404)
    expect((e as Error).message).toBe(`No spider named "nobody" in project ${P}`)
    await expect(all(c.jobs(`${P}/1`).lastJobs({ spider: 'beta' }))).rejects.toBeInstanceOf(
      BadRequestError,
    )
    await expect(all(c.jobs(P).lastJobs({ count: -1 }))).rejects.toBeInstanceOf(BadRequestError)
    await expect(all(c.jobs(P).lastJobs({ spider: 0 }))).rejects.toBeInstanceOf(BadRequestError)
  })
})

describe('jobs(p).summary(state, options) and jobSummary(keys, options)', () => {
  it('count, start and meta shape the rows; spider may be a name', async () => {
    const jobs = client().jobs(P)
    const [finished] = await jobs.summary('finished', { count: 1, start: 1, meta: ['owner'] })
    expect(finished).toMatchObject({ name: 'finished', count: 4 })
    expect(finished!.summary).toEqual([
      {
        key: `${P}/2/1`,
        state: 'finished',
        elapsed: expect.any(Number),
        ts: T + 15,
        tags: ['y'],
      },
    ])
    const beta = await jobs.summary(undefined, { spider: 'beta' })
    expect(beta.map((s) => [s.name, s.count])).toEqual([
      ['pending', 1],
      ['running', 0],
      ['finished', 1],
    ])
    await expect(jobs.summary('running', { spider: 'nobody' })).rejects.toBeInstanceOf(
      SpiderNotFoundError,
    )
    await expect(jobs.summary('running', { count: 1.5 })).rejects.toBeInstanceOf(BadRequestError)
  })

  it('jobSummary sends meta as jobmeta', async () => {
    const rows = await client()
      .jobs(P)
      .jobSummary([`${P}/2/2`, `${P}/1/2`], { meta: ['owner'] })
    expect(rows.map((r) => [r.key, r.owner])).toEqual([
      [`${P}/2/2`, 'bo'],
      [`${P}/1/2`, 'ana'],
    ])
    expect(Object.keys(rows[0]!).sort()).toEqual(['elapsed', 'key', 'owner', 'state', 'ts'])
  })
})
