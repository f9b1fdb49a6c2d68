import { describe, expect, it } from 'vitest'
import { createEmulator, DEMO_APIKEY } from './index.ts'

let clock = 1_700_000_000_000
const AUTH = { Authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` }

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
  return { emulator, post }
}

describe('POST /jobq/P/push', () => {
  it('schedules a pending job with the next job number and answers its key', async () => {
    const { emulator, post } = setup()
    const { res, text } = await post(
      '/jobq/5/push',
      JSON.stringify({ spider: 'alpha', tags: ['x'], spider_args: { a: '1' }, state: 'running' }),
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/x-jsonlines')
    expect(text).toBe('{"key": "5/1/2", "auth": null}')
    expect(emulator.store.get('5/1/2')).toMatchObject({
      state: 'pending',
      spider: 'alpha',
      pending_time: clock,
      tags: ['x'],
      spider_args: { a: '1' },
      priority: 2,
      units: 1,
      project: 5,
    })
  })

  it('gives a new spider the next free id, and pushes several lines at once', async () => {
    const { post } = setup()
    const { text } = await post('/jobq/5/push', '{"spider": "beta"}\n{"spider": "beta"}')
    expect(text.split('\n').map((l) => JSON.parse(l).key)).toEqual(['5/2/1', '5/2/2'])
  })

  it('rejects a push without a spider name or with bad JSON', async () => {
    const { post } = setup()
    for (const body of ['{}', '{"spider": 3}', 'nope', '[1]', '']) {
      const { res, text } = await post('/jobq/5/push', body)
      expect(res.status, body).toBe(400)
      expect(text).toMatch(/^Error parsing data, /)
    }
  })
})

describe('POST /jobq/P/update and cancel', () => {
  it('moves jobs between states, stamping times, one line per changed job', async () => {
    const { emulator, post } = setup()
    await post('/jobq/5/push', '{"spider": "alpha"}')
    clock += 5000
    const { text } = await post(
      '/jobq/5/update',
      '{"key": "5/1/2", "state": "running", "_shub_worker": "kumo"}\n{"key": "5/1/99", "state": "finished"}',
    )
    expect(text).toBe('{"key": "5/1/2", "prevstate": "pending"}')
    expect(emulator.store.get('5/1/2')).toMatchObject({
      state: 'running',
      running_time: clock,
      started_by: 'jobrunner',
      _shub_worker: 'kumo',
    })
    const list = await emulator.app.request('/jobq/5/list?state=running', { headers: AUTH })
    expect(JSON.parse(await list.text())).toMatchObject({ key: '5/1/2', ts: clock, elapsed: 0 })
  })

  it('rejects keys of another project and unknown states', async () => {
    const { post } = setup()
    expect((await post('/jobq/5/update', '{"key": "6/1/1", "state": "running"}')).res.status).toBe(
      400,
    )
    expect((await post('/jobq/5/update', '{"key": "5/1/1", "state": "done"}')).res.status).toBe(400)
  })

  it('cancels a pending job at once and a running one through stop_requested', async () => {
    const { emulator, post } = setup()
    await post('/jobq/5/push', '{"spider": "alpha"}\n{"spider": "alpha"}')
    const pending = await post('/jobq/5/1/2/cancel', '')
    expect(pending.res.headers.get('content-type')).toBe('application/json')
    expect(pending.text).toBe('{"count": 1}')
    expect(emulator.store.get('5/1/2')).toMatchObject({
      state: 'finished',
      close_reason: 'cancelled',
      finished_time: clock,
    })
    await post('/jobq/5/update', '{"key": "5/1/3", "state": "running"}')
    expect((await post('/jobq/5/1/3/cancel', '')).text).toBe('{"count": 1}')
    expect(emulator.store.get('5/1/3')).toMatchObject({ state: 'running', stop_requested: true })
    emulator.tick()
    expect(emulator.store.get('5/1/3')).toMatchObject({
      state: 'finished',
      close_reason: 'cancelled',
    })
    expect((await post('/jobq/5/1/1/cancel', '')).text).toBe('{"count": 0}')
    expect((await post('/jobq/5/1/404/cancel', '')).text).toBe('{"count": 0}')
  })
})
