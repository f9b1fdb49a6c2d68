// python-scrapinghub's documented job calls, replayed over real HTTP as that client sends them
// (the Python call is in each comment) and read as it reads them: `jldecode(iter_lines())`, one
// JSON value per non-empty line, or `response.json()`. Each answer is checked for the status,
// Content-Type, framing and shape that the spec (§2, §4, §5) records for production.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_APIKEY } from './index.ts'
import { type RunningEmulator, startEmulator } from './node.ts'

const P = 2222222
const SPIDER = 'hs-test-spider'
const JL = 'application/x-jsonlines'
const JSON_CT = 'application/json'
const JWT = /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/
const AUTH = { Authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` }

let clock = 1_477_663_400_000
let server: RunningEmulator

beforeAll(async () => {
  server = await startEmulator({
    port: 0,
    seed: 'empty',
    now: () => clock,
    apikeys: { [DEMO_APIKEY]: [P] },
  })
})
afterAll(async () => {
  await server?.close()
})

interface Answer {
  status: number
  type: string | null
  text: string
}

async function call(method: string, path: string, body?: unknown, auth = true): Promise<Answer> {
  clock += 7 // every call happens a little later, so `elapsed` > 0 as in the recordings
  const res = await fetch(new URL(path, server.url), {
    method,
    headers: auth ? AUTH : {},
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  })
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() }
}

/** What the Python client's `jldecode(response.iter_lines())` yields. */
function jl(a: Answer): Record<string, unknown>[] {
  return a.text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l))
}

/** A JSON-lines answer: status 200, `application/x-jsonlines`, no trailing newline. */
function expectLines(a: Answer, count: number): Record<string, unknown>[] {
  expect(a.status).toBe(200)
  expect(a.type).toBe(JL)
  expect(a.text.endsWith('\n')).toBe(false)
  const values = jl(a)
  expect(values).toHaveLength(count)
  return values
}

/** A single-JSON answer: status 200, `application/json` (or `type`), one line. */
function expectJson(a: Answer, type = JSON_CT): unknown {
  expect(a.status).toBe(200)
  expect(a.type).toBe(type)
  expect(a.text.includes('\n')).toBe(false)
  return JSON.parse(a.text)
}

const push = async (fields: Record<string, unknown>) =>
  expectLines(await call('POST', `jobq/${P}/push`, { spider: SPIDER, ...fields }), 1)[0]!
const metadata = async (key: string) => jl(await call('GET', `jobs/${key}`))[0] ?? {}

describe('python-scrapinghub job calls against the emulator', () => {
  let spiderId: number

  it('ids.spider(name, create=1) / spiders.get(name): the spider id, null when unknown', async () => {
    // hsproject.ids.spider('non-existing') -> None, so spiders.get raises NotFound
    expect(expectJson(await call('GET', `ids/${P}/spider/non-existing`))).toBeNull()
    // hsproject.ids.spider(TEST_SPIDER_NAME, create=1)
    spiderId = expectJson(await call('GET', `ids/${P}/spider/${SPIDER}?create=1`)) as number
    expect(spiderId).toBe(1)
    expect(expectJson(await call('GET', `ids/${P}/spider/${SPIDER}`))).toBe(1)
  })

  it('jobq.push(spider, **params): {"key", "auth": null}; the job is pending with only the recorded fields', async () => {
    const qjob = await push({ foo: 'bar' })
    expect(qjob).toEqual({ key: `${P}/1/1`, auth: null })
    expect(await metadata(`${P}/1/1`)).toEqual({
      scheduled_by: 'jobrunner',
      project: P,
      state: 'pending',
      spider: SPIDER,
      units: 1,
      pending_time: clock - 7,
      priority: 2,
      foo: 'bar',
    })
    // job.metadata.get('auth') == qjob['auth'] (None for a pending job)
    expect((await call('GET', `jobs/${P}/1/1/auth`)).text).toBe('null')
  })

  it('jobq.push(spider, state="running"): created running, with a job token in auth', async () => {
    const qjob = await push({ state: 'running', priority: 3 })
    expect(qjob.auth).toMatch(JWT)
    const meta = await metadata(qjob.key as string)
    expect(meta).toMatchObject({ state: 'running', started_by: 'jobrunner', priority: 3 })
    expect(meta).not.toHaveProperty('pending_time')
    expect(meta).not.toHaveProperty('auth')
  })

  it('jobq.push(spider, unique="h1") twice: the second answers the "Active job" error line', async () => {
    const first = await push({ unique: 'h1' })
    const dup = await push({ unique: 'h1' })
    // the client raises DuplicateJobError because 'Active job' is in o['error']
    expect(dup).toEqual({
      request: { spider: SPIDER, unique: 'h1' },
      error: 'Active job exists with key h1',
    })
    // jobq.finish(q1) frees the key
    const finished = expectLines(
      await call('POST', `jobq/${P}/update`, { key: first.key, state: 'finished' }),
      1,
    )
    expect(finished[0]).toEqual({ key: first.key, prevstate: 'pending' })
    expect((await push({ unique: 'h1' })).key).toBe(`${P}/1/4`)
  })

  it('jobq.start(): startjob answers one JSON object, the oldest pending job now running', async () => {
    const nj = expectJson(await call('POST', `jobq/${P}/startjob`, '{}')) as Record<string, unknown>
    // test_startjob pops pending_time, running_time and auth, then checks the rest
    expect(nj.pending_time).toBeGreaterThan(0)
    expect(nj.running_time).toBeGreaterThan(0)
    expect(nj.auth).toMatch(JWT)
    expect(nj).toMatchObject({ key: `${P}/1/1`, spider: SPIDER, state: 'running', priority: 2 })
    expect(nj._shub_worker).toEqual(expect.any(String))
    // the runner reads and writes with the job token: Basic "P/S/J":auth
    const token = { Authorization: `Basic ${btoa(`${nj.key}:${nj.auth}`)}` }
    const own = await fetch(new URL(`jobs/${nj.key}/state`, server.url), { headers: token })
    expect(await own.text()).toBe('"running"')
  })

  it('project.jobs.count(**filters): a bare integer; finished only by default', async () => {
    expect(expectJson(await call('GET', `jobq/${P}/count`))).toBe(1)
    expect(
      expectJson(await call('GET', `jobq/${P}/count?state=pending&state=running&state=finished`)),
    ).toBe(4)
    expect(expectJson(await call('GET', `jobq/${P}/count?spider=${SPIDER}&state=running`))).toBe(2)
  })

  it('project.jobs.iter(state="running") / list(): JSON-lines rows with ts, *_time and elapsed', async () => {
    const rows = expectLines(await call('GET', `jobq/${P}/list?state=running`), 2)
    for (const row of rows) {
      expect(row).toMatchObject({ spider: SPIDER, state: 'running' })
      expect(String(row.key).startsWith(`${P}/`)).toBe(true)
      expect(Number.isInteger(row.ts) && (row.ts as number) > 0).toBe(true)
      expect(row.running_time).toBe(row.ts)
      expect(row.elapsed as number).toBeGreaterThan(0)
      expect(row).not.toHaveProperty('items')
    }
    // the job that went through pending keeps its pending_time next to running_time
    expect(rows.find((r) => r.key === `${P}/1/1`)?.pending_time).toBeGreaterThan(0)
    // iter(meta=[...]) is sent as jobmeta
    const meta = expectLines(await call('GET', `jobq/${P}/list?state=running&jobmeta=foo`), 2)
    expect(meta.find((r) => r.key === `${P}/1/1`)).toEqual({
      key: `${P}/1/1`,
      state: 'running',
      elapsed: expect.any(Number),
      ts: expect.any(Number),
      foo: 'bar',
    })
    expect((await call('GET', `jobq/${P}/list?state=deleted`)).text).toBe('')
  })

  it('project.jobs.summary() / summary("pending") / summary(jobmeta=[...])', async () => {
    const all = expectLines(await call('GET', `jobq/${P}/summary`), 3)
    expect(all.map((s) => [s.name, s.count])).toEqual([
      ['pending', 1],
      ['running', 2],
      ['finished', 1],
    ])
    // summary('pending') is next() over one line
    const pending = expectLines(await call('GET', `jobq/${P}/summary/pending`), 1)[0]!
    expect(pending).toMatchObject({ name: 'pending', count: 1 })
    // spider.jobs.summary('finished', jobmeta=['units'])
    const units = expectLines(
      await call('GET', `jobq/${P}/${spiderId}/summary/finished?jobmeta=units`),
      1,
    )[0]!
    expect(units.summary).toEqual([
      {
        key: expect.any(String),
        state: 'finished',
        elapsed: expect.any(Number),
        ts: expect.any(Number),
        units: 1,
      },
    ])
    // jobq.jobsummary(keys, jobmeta=['key', 'foo'])
    const js = expectLines(await call('GET', `jobq/${P}/jobsummary?key=${P}/1/1&jobmeta=foo`), 1)
    expect(js[0]).toMatchObject({ key: `${P}/1/1`, foo: 'bar' })
  })

  it('project.jobs.iter_last() / spider.jobs.iter_last(): the last job of each spider', async () => {
    const rows = expectLines(await call('GET', `spiders/${P}/lastjobsummary`), 1)
    expect(rows[0]).toMatchObject({ key: `${P}/1/3`, spider: SPIDER, state: 'finished' })
    expect(rows[0]!.finished_time).toBe(rows[0]!.ts)
    expect(rows[0]!.elapsed as number).toBeGreaterThan(0)
    expect(expectLines(await call('GET', `spiders/${P}/${spiderId}/lastjobsummary`), 1)).toEqual(
      rows.map((r) => ({ ...r, elapsed: expect.any(Number) })),
    )
    expect((await call('GET', `spiders/${P}/9/lastjobsummary`)).text).toBe('')
  })

  it('job.metadata.get / set / update / delete: reads are JSON, writes answer empty text/html', async () => {
    const key = `${P}/1/1`
    const read = await call('GET', `jobs/${key}`)
    expectLines(read, 1)
    expect(expectJson(await call('GET', `jobs/${key}/spider`))).toBe(SPIDER)
    const written = [
      await call('POST', `jobs/${key}/meta1`, '"data2"'),
      await call('POST', `jobs/${key}`, { meta1: 'data3', meta2: 123 }),
      await call('DELETE', `jobs/${key}/meta2`),
    ]
    for (const w of written) {
      expect(w.status).toBe(200)
      expect(w.type).toBe('text/html; charset=utf-8')
      expect(w.text).toBe('')
    }
    expect(await metadata(key)).toMatchObject({ meta1: 'data3' })
    expect(await metadata(key)).not.toHaveProperty('meta2')
    expect((await call('GET', `jobs/${key}/meta2`)).text).toBe('null')
  })

  it('job.cancel() on a running job leaves it running; jobs.cancel_jobs(keys) answers {"count": N}', async () => {
    const one = expectJson(await call('POST', `jobq/${P}/1/1/cancel`))
    expect(one).toEqual({ count: 1 })
    expect(await metadata(`${P}/1/1`)).toMatchObject({ state: 'running', stop_requested: true })
    const pending = await push({})
    const bulk = await call('POST', `jobq/${P}/cancel`, [
      { key: pending.key },
      { key: `${P}/1/99` },
    ])
    expect(expectJson(bulk)).toEqual({ count: 1 })
    expect(await metadata(pending.key as string)).toMatchObject({
      state: 'finished',
      close_reason: 'cancelled',
    })
  })

  it('jobq.finish("P/S") then jobq.delete("P/S"): one line per job of the spider, then none', async () => {
    const finished = expectLines(
      await call('POST', `jobq/${P}/update`, { key: `${P}/${spiderId}`, state: 'finished' }),
      5,
    )
    expect(new Set(finished.map((l) => l.prevstate))).toEqual(
      new Set(['pending', 'running', 'finished']),
    )
    expectLines(await call('POST', `jobq/${P}/update`, { key: `${P}/1`, state: 'deleted' }), 5)
    expectLines(await call('POST', `jobq/${P}/update`, { key: `${P}/1`, state: 'deleted' }), 0)
  })

  it('hsproject.jobsummary(), projects.jobsummaries(), server_timestamp()', async () => {
    expect(expectJson(await call('GET', `projects/${P}/jobsummary`))).toEqual({
      project: P,
      running_units_count: 0,
      running: 0,
      pending: 0,
      finished: 0,
      pending_units_max: null,
      has_capacity: true,
    })
    expect(expectJson(await call('GET', 'projects/jobsummaries'))).toEqual([
      { project: P, pending: 0, running: 0, finished: 0, has_capacity: true },
    ])
    // server_timestamp() sends no credentials
    const ts = await call('GET', 'system/ts', undefined, false)
    expect(expectJson(ts, 'application/json; charset=UTF-8')).toBe(clock)
  })

  it('a client without a key: push answers the four-line JSON 401', async () => {
    const denied = await call('POST', `jobq/${P}/push`, { spider: SPIDER }, false)
    expect(denied.status).toBe(401)
    expect(denied.type).toBe(JSON_CT)
    expect(denied.text.split('\n')).toHaveLength(4)
    expect(JSON.parse(denied.text)).toEqual({ error: 'Unauthorized', message: 'Unauthorized' })
  })
})
