import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { emulatorControl } from './control-client.ts'
import { type RunningEmulator, startEmulator } from './node.ts'

const KEY = 'c0ntr01c0ntr01c0ntr01c0ntr01aaaa'
const AUTH = { authorization: `Basic ${btoa(`${KEY}:`)}` }
const T = 1_700_000_000_000

let server: RunningEmulator
const ctl = () => emulatorControl(server.url)
const get = (path: string) => fetch(new URL(path, server.url), { headers: AUTH })

beforeAll(async () => {
  server = await startEmulator({
    seed: [{ key: '5/1/1', spider: 'a', state: 'finished', finished_time: T }],
    apikeys: { [KEY]: [5] },
    now: () => T + 60_000,
  })
})
afterAll(() => server.close())
afterEach(() => ctl().reset())

describe('emulatorControl', () => {
  it('sets and clears faults, and counts requests by route (control requests are not counted)', async () => {
    expect(await ctl().setFaults({ status: 503, times: 1, match: '/jobs/' })).toEqual({
      status: 503,
      times: 1,
      match: '/jobs/',
    })
    expect((await get('jobs/5/1/1')).status).toBe(503)
    expect((await get('jobs/5/1/1')).status).toBe(200)
    await ctl().setFaults({ status: 500 })
    await ctl().clearFaults()
    expect((await get('jobs/5/1/1')).status).toBe(200)
    expect(await ctl().count('GET /jobs/:project/:spider/:job')).toBe(3)
    expect(await ctl().count()).toBe(3)
    const stats = await ctl().stats()
    expect(stats.routes['GET /jobs/:project/:spider/:job']?.byStatus).toEqual({ 200: 2, 503: 1 })
  })

  it('resets counters, faults and the clock, and keeps the jobs', async () => {
    await get('jobs/5/1/1')
    await ctl().setFaults({ latencyMs: 5000 })
    await ctl().advanceClock(1000)
    await ctl().reset()
    expect(await ctl().count()).toBe(0)
    expect((await get('jobs/5/1/1')).status).toBe(200)
    expect(await ctl().now()).toBe(T + 60_000)
  })

  it('stores and removes jobs: they read back through the API and JobQ', async () => {
    await ctl().putJobs([
      { key: '5/2/7', spider: 'b', state: 'running', running_time: T + 1 },
      { key: '5/1/1', spider: 'a', state: 'finished', close_reason: 'failed', finished_time: T },
    ])
    expect(await (await get('jobs/5/2/7/state')).json()).toBe('running')
    expect(await (await get('jobs/5/1/1/close_reason')).json()).toBe('failed')
    const rows = (await (await get('jobq/5/list?state=running')).text()).trim().split('\n')
    expect(rows.map((r) => JSON.parse(r).key)).toEqual(['5/2/7'])
    expect(await ctl().deleteJob('5/2/7')).toBe(true)
    expect(await ctl().deleteJob('5/2/7')).toBe(false)
    expect(await (await get('jobs/5/2/7')).text()).toBe('')
  })

  it('moves the clock the API answers with', async () => {
    const before = await ctl().now()
    expect(await ctl().advanceClock(90_000)).toBe(before + 90_000)
    expect(Number(await (await get('system/ts')).text())).toBe(before + 90_000)
  })

  it('runs a simulation step on demand', async () => {
    await ctl().putJobs([{ key: '5/3/1', spider: 'c', state: 'pending', pending_time: T }])
    for (let i = 0; i < 50; i++) {
      await ctl().tick()
      if ((await (await get('jobs/5/3/1/state')).json()) !== 'pending') break
    }
    expect(await (await get('jobs/5/3/1/state')).json()).not.toBe('pending')
  })

  it('says what is wrong with a refused control request, without swallowing it', async () => {
    await expect(ctl().setFaults({ errorRate: 2 })).rejects.toThrow(/faults: 400/)
    await expect(ctl().putJobs([{ key: 'nope' }])).rejects.toThrow(/jobs: 400 .*key/)
  })
})
