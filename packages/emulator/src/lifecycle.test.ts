import { describe, expect, it } from 'vitest'
import { createEmulator, DEMO_APIKEY } from './index.ts'
import { nextPending } from './lifecycle.ts'

let clock = 1_700_000_000_000
const AUTH = { Authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` }
const JWT = /^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/

function setup() {
  const emulator = createEmulator({
    now: () => clock,
    seed: [{ key: '5/1/1', spider: 'alpha', state: 'finished', finished_time: clock - 1000 }],
    apikeys: { [DEMO_APIKEY]: [5] },
  })
  const post = async (path: string, body: string) => {
    const res = await emulator.app.request(path, { method: 'POST', body, headers: AUTH })
    return { res, text: await res.text() }
  }
  const push = async (fields: Record<string, unknown>) =>
    JSON.parse((await post('/jobq/5/push', JSON.stringify(fields))).text)
  const meta = (key: string) => emulator.store.get(key)
  return { emulator, post, push, meta }
}

describe('POST /jobq/P/push', () => {
  it('schedules a pending job with only the recorded fields and answers its key, auth null', async () => {
    const { post, meta } = setup()
    const { res, text } = await post('/jobq/5/push', '{"spider": "alpha"}')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/x-jsonlines')
    expect(text).toBe('{"key": "5/1/2", "auth": null}')
    expect(meta('5/1/2')).toEqual({
      scheduled_by: 'jobrunner',
      project: 5,
      state: 'pending',
      spider: 'alpha',
      units: 1,
      pending_time: clock,
      priority: 2,
    })
  })

  it('keeps what the body adds: priority, units, tags + add_tag, extra keys; ignores auth/_key/project', async () => {
    const { push, meta } = setup()
    const { key } = await push({
      spider: 'alpha',
      priority: 4,
      units: 3,
      tags: ['a'],
      add_tag: ['b', 'a'],
      spider_args: { x: '1' },
      foo: 'bar',
      auth: 'forged',
      _key: 'x',
      project: 99,
    })
    expect(meta(key)).toEqual({
      scheduled_by: 'jobrunner',
      project: 5,
      state: 'pending',
      spider: 'alpha',
      units: 3,
      pending_time: clock,
      priority: 4,
      spider_args: { x: '1' },
      foo: 'bar',
      tags: ['a', 'b'],
    })
    expect(meta((await push({ spider: 'alpha', add_tag: 'solo' })).key)?.tags).toEqual(['solo'])
  })

  it.each([
    ['running', 'started_by'],
    ['finished', 'completed_by'],
    ['deleted', 'deleted_by'],
  ] as const)(
    'creates a job directly %s, with only that state time and *_by',
    async (state, by) => {
      const { push, meta } = setup()
      const answer = await push({ spider: 'alpha', state })
      const m = meta(answer.key)!
      expect(m.state).toBe(state)
      expect(m[`${state}_time`]).toBe(clock)
      expect(m[by]).toBe('jobrunner')
      expect(m).not.toHaveProperty('pending_time')
      expect(m).not.toHaveProperty('scheduled_by')
      if (state === 'running') {
        expect(answer.auth).toMatch(JWT)
        expect(m.auth).toBe(answer.auth)
      } else expect(answer.auth).toBeNull()
    },
  )

  it('refuses a unique key an active job holds (200 + error line), frees it once that job finished', async () => {
    const { post, push, emulator } = setup()
    const first = await push({ spider: 'alpha', unique: 'h1' })
    await push({ spider: 'alpha', unique: 'h2' })
    const before = emulator.store.size
    const dup = await post('/jobq/5/push', '{"spider": "alpha", "unique": "h1"}')
    expect(dup.res.status).toBe(200)
    expect(dup.text).toBe(
      '{"request": {"spider": "alpha", "unique": "h1"}, "error": "Active job exists with key h1"}',
    )
    expect(emulator.store.size).toBe(before)
    await post('/jobq/5/update', JSON.stringify({ key: first.key, state: 'finished' }))
    expect((await push({ spider: 'alpha', unique: 'h1' })).key).toMatch(/^5\/1\/\d+$/)
    expect(await push({ spider: 'alpha', unique: 'h2' })).toHaveProperty('error')
    // unique null or absent never collides
    expect((await push({ spider: 'alpha', unique: null })).key).toBeDefined()
    expect((await push({ spider: 'alpha', unique: null })).key).toBeDefined()
  })

  it('gives a new spider the next free id, and pushes several lines at once', async () => {
    const { post } = setup()
    const { text } = await post('/jobq/5/push', '{"spider": "beta"}\n{"spider": "beta"}')
    expect(text.split('\n').map((l) => JSON.parse(l).key)).toEqual(['5/2/1', '5/2/2'])
  })

  it('rejects a push it cannot schedule with 400, scheduling none of its lines', async () => {
    const { post, emulator } = setup()
    for (const body of [
      '{}',
      '{"spider": 3}',
      'nope',
      '[1]',
      '',
      '{"spider": "a", "state": "done"}',
      '{"spider": "a", "priority": 9}',
      '{"spider": "a", "units": 0}',
      '{"spider": "a", "tags": [1]}',
      '{"spider": "a"}\n{"spider": ""}',
    ]) {
      const { res, text } = await post('/jobq/5/push', body)
      expect(res.status, body).toBe(400)
      expect(text).toMatch(/^Error parsing data, /)
    }
    expect(emulator.store.size).toBe(1)
  })
})

describe('POST /jobq/P/startjob', () => {
  it('starts the oldest pending job, answering one JSON object with its metadata, key, auth and worker', async () => {
    const { post, push, meta } = setup()
    const q1 = await push({ spider: 'alpha', foo: 'bar' })
    clock += 10
    const q2 = await push({ spider: 'alpha' })
    clock += 10
    const { res, text } = await post('/jobq/5/startjob', '{}')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(text.includes('\n')).toBe(false)
    const job = JSON.parse(text)
    expect(job).toMatchObject({
      key: q1.key,
      state: 'running',
      spider: 'alpha',
      priority: 2,
      foo: 'bar',
      pending_time: clock - 20,
      running_time: clock,
      started_by: 'jobrunner',
    })
    expect(job.auth).toMatch(JWT)
    expect(job._shub_worker).toMatch(/^kumo-[0-9a-f]{4}$/)
    expect(meta(q1.key)).toMatchObject({ state: 'running', auth: job.auth })
    expect(JSON.parse((await post('/jobq/5/startjob', '')).text).key).toBe(q2.key)
  })

  it('merges the start parameters into the job, starts higher priorities first, answers empty when none is pending', async () => {
    const { post, push, meta } = setup()
    const low = await push({ spider: 'alpha', priority: 1 })
    const high = await push({ spider: 'alpha', priority: 3 })
    const first = JSON.parse(
      (await post('/jobq/5/startjob', '{"s_int": 1, "s_list": [null, true], "botgroup": "g"}'))
        .text,
    )
    expect(first).toMatchObject({ key: high.key, s_int: 1, s_list: [null, true] })
    expect(meta(high.key)).not.toHaveProperty('botgroup')
    expect(JSON.parse((await post('/jobq/5/startjob', '{}')).text).key).toBe(low.key)
    const none = await post('/jobq/5/startjob', '{}')
    expect(none.res.status).toBe(200)
    expect(none.text).toBe('')
  })

  it('hands out a token that reads the project as Basic P/S/J:token', async () => {
    const { emulator, post, push } = setup()
    await push({ spider: 'alpha' })
    const job = JSON.parse((await post('/jobq/5/startjob', '{}')).text)
    const token = { Authorization: `Basic ${btoa(`${job.key}:${job.auth}`)}` }
    expect((await emulator.app.request(`/jobs/${job.key}`, { headers: token })).status).toBe(200)
    await post('/jobq/5/update', JSON.stringify({ key: job.key, state: 'finished' }))
    // finished jobs lose their token
    expect((await emulator.app.request(`/jobs/${job.key}`, { headers: token })).status).toBe(401)
  })

  it('nextPending orders by priority, then pending time, then job number', () => {
    const emulator = createEmulator({
      seed: [
        { key: '6/1/1', state: 'pending', pending_time: 5 },
        { key: '6/1/2', state: 'pending', pending_time: 3 },
        { key: '6/2/1', state: 'pending', pending_time: 3 },
        { key: '6/1/3', state: 'pending', pending_time: 9, priority: 3 },
      ],
    })
    const order: string[] = []
    for (let r = nextPending(emulator.store, 6); r; r = nextPending(emulator.store, 6)) {
      order.push(r.key)
      emulator.store.setState(r.key, 'running', 10)
    }
    expect(order).toEqual(['6/1/3', '6/1/2', '6/2/1', '6/1/1'])
  })
})

describe('POST /jobq/P/update', () => {
  it('moves jobs between states, stamping times and keeping earlier ones, one line per changed job', async () => {
    const { emulator, post, meta } = setup()
    await post('/jobq/5/push', '{"spider": "alpha"}')
    const pushed = clock
    clock += 5000
    const { res, text } = await post(
      '/jobq/5/update',
      '{"key": "5/1/2", "state": "running", "_shub_worker": "kumo"}\n{"key": "5/1/99", "state": "finished"}',
    )
    expect(res.headers.get('content-type')).toBe('application/x-jsonlines')
    expect(text).toBe('{"key": "5/1/2", "prevstate": "pending"}')
    expect(meta('5/1/2')).toMatchObject({
      state: 'running',
      pending_time: pushed,
      running_time: clock,
      started_by: 'jobrunner',
      _shub_worker: 'kumo',
    })
    const list = await emulator.app.request('/jobq/5/list?state=running', { headers: AUTH })
    expect(JSON.parse(await list.text())).toMatchObject({
      key: '5/1/2',
      ts: clock,
      elapsed: 0,
      pending_time: pushed,
      running_time: clock,
    })
  })

  it('updates every pending, running and finished job of a spider-level key P/S, skipping deleted ones', async () => {
    const { post, push } = setup()
    const q1 = await push({ spider: 'alpha' })
    const q2 = await push({ spider: 'alpha', state: 'running' })
    const q3 = await push({ spider: 'alpha', state: 'finished' })
    const q4 = await push({ spider: 'alpha', state: 'deleted' })
    await push({ spider: 'beta' })
    const { text } = await post('/jobq/5/update', '{"key": "5/1", "state": "finished"}')
    const lines = Object.fromEntries(
      text.split('\n').map((l) => [JSON.parse(l).key, JSON.parse(l).prevstate]),
    )
    expect(lines).toEqual({
      [q1.key]: 'pending',
      [q2.key]: 'running',
      [q3.key]: 'finished',
      '5/1/1': 'finished',
    })
    expect(lines).not.toHaveProperty(q4.key)
    await post('/jobq/5/update', '{"key": "5/1", "state": "deleted"}')
    const empty = await post('/jobq/5/update', '{"key": "5/1", "state": "deleted"}')
    expect(empty.res.status).toBe(200)
    expect(empty.text).toBe('')
  })

  it('rejects keys of another project and unknown states, changing nothing', async () => {
    const { post, meta } = setup()
    for (const body of [
      '{"key": "6/1/1", "state": "running"}',
      '{"key": "6/1", "state": "running"}',
      '{"key": "5/1/1", "state": "done"}',
      '{"key": "5/1/1", "state": "deleted"}\n{"key": "nope"}',
    ]) {
      expect((await post('/jobq/5/update', body)).res.status, body).toBe(400)
    }
    expect(meta('5/1/1')?.state).toBe('finished')
  })
})

describe('cancel', () => {
  it('per job: a pending job finishes cancelled, a running one stays running with stop_requested', async () => {
    const { emulator, post, push, meta } = setup()
    const pending = await push({ spider: 'alpha' })
    const running = await push({ spider: 'alpha', state: 'running' })
    const res = await post(`/jobq/5/${pending.key.slice(2)}/cancel`, '')
    expect(res.res.headers.get('content-type')).toBe('application/json')
    expect(res.text).toBe('{"count": 1}')
    expect(meta(pending.key)).toMatchObject({
      state: 'finished',
      close_reason: 'cancelled',
      finished_time: clock,
      cancelled_by: 'jobrunner',
    })
    expect((await post(`/jobq/5/${running.key.slice(2)}/cancel`, '')).text).toBe('{"count": 1}')
    expect(meta(running.key)).toMatchObject({ state: 'running', stop_requested: true })
    // the runner (the simulation) stops it on its next step
    emulator.tick()
    expect(meta(running.key)).toMatchObject({ state: 'finished', close_reason: 'cancelled' })
    expect((await post('/jobq/5/1/1/cancel', '')).text).toBe('{"count": 0}')
    expect((await post('/jobq/5/1/404/cancel', '')).text).toBe('{"count": 0}')
  })

  it('in bulk: a JSON array of {"key"} objects answers how many were cancelled', async () => {
    const { post, push, meta } = setup()
    const a = await push({ spider: 'alpha' })
    const b = await push({ spider: 'alpha', state: 'running' })
    const body = JSON.stringify([
      { key: a.key },
      { key: b.key },
      { key: '5/9/9' },
      { key: '6/1/1' },
    ])
    const res = await post('/jobq/5/cancel', body)
    expect(res.res.status).toBe(200)
    expect(res.res.headers.get('content-type')).toBe('application/json')
    expect(res.text).toBe('{"count": 2}')
    expect(meta(a.key)?.state).toBe('finished')
    expect(meta(b.key)).toMatchObject({ state: 'running', stop_requested: true })
    expect((await post('/jobq/5/cancel', '[{"key": "5/9/9"}]')).text).toBe('{"count": 0}')
    expect((await post('/jobq/5/cancel', '[{"nokey": 1}]')).res.status).toBe(400)
    const byCount = await post('/jobq/5/cancel?count=10', '')
    expect(byCount.res.status).toBe(403)
  })
})
