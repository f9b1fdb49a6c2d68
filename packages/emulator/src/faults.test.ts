import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createEmulator, DEMO_APIKEY, DEMO_PROJECT, EmulatedResetError } from './index.ts'
import { type RunningEmulator, startEmulator } from './node.ts'

const AUTH = { Authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` }
const COUNT = `/jobq/${DEMO_PROJECT}/count`

function inProcess() {
  const emulator = createEmulator({ now: () => 1_700_000_000_000 })
  const get = async (path = COUNT) => emulator.app.request(path, { headers: AUTH })
  return { emulator, get }
}

describe('faults in-process', () => {
  it('answers 503/504 with the front proxy HTML page and Cache-Control: no-cache', async () => {
    const { emulator, get } = inProcess()
    for (const [status, title] of [
      [503, '503 Service Unavailable'],
      [504, '504 Gateway Time-out'],
    ] as const) {
      emulator.faults.set({ errorRate: 1, status })
      const res = await get()
      expect(res.status).toBe(status)
      expect(res.headers.get('content-type')).toBe('text/html')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      expect(await res.text()).toContain(`<h1>${title}</h1>`)
    }
  })

  it('defaults to 503 and answers 429 with Retry-After', async () => {
    const { emulator, get } = inProcess()
    emulator.faults.set({ errorRate: 1 })
    expect((await get()).status).toBe(503)
    emulator.faults.set({ errorRate: 1, status: 429, retryAfter: 7 })
    const res = await get()
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('7')
    emulator.faults.set({ status: 500 })
    const plain = await get()
    expect(plain.status).toBe(500)
    expect(await plain.text()).toBe('500 Internal Server Error\n')
  })

  it('applies `times` then clears itself, and counts faulted requests', async () => {
    const { emulator, get } = inProcess()
    emulator.faults.set({ errorRate: 1, times: 2 })
    expect((await get()).status).toBe(503)
    expect((await get()).status).toBe(503)
    expect((await get()).status).toBe(200)
    expect(emulator.faults.current()).toBeUndefined()
    expect(emulator.stats.byRoute()['GET /jobq/:project/count']).toEqual({
      count: 3,
      byStatus: { '503': 2, '200': 1 },
    })
  })

  it('only touches paths under `match`, and never /__emulator', async () => {
    const { emulator, get } = inProcess()
    emulator.faults.set({ errorRate: 1, match: '/jobs/' })
    expect((await get()).status).toBe(200)
    expect((await get(`/jobs/${DEMO_PROJECT}/1/1`)).status).toBe(503)
    emulator.faults.set({ errorRate: 1 })
    expect((await emulator.app.request('/__emulator/stats')).status).toBe(200)
    expect((await get('/nope')).status).toBe(503)
  })

  it('applies a share of errors with the injected random source', async () => {
    let i = 0
    const values = [0.1, 0.9, 0.4, 0.6]
    const emulator = createEmulator({ random: () => values[i++ % values.length]! })
    emulator.faults.set({ errorRate: 0.5 })
    const statuses: number[] = []
    for (let n = 0; n < 4; n++)
      statuses.push((await emulator.app.request(COUNT, { headers: AUTH })).status)
    expect(statuses).toEqual([503, 200, 503, 200])
  })

  it('throws a TypeError from app.fetch for a reset, counted as "reset"', async () => {
    const { emulator, get } = inProcess()
    emulator.faults.set({ resetRate: 1, times: 1 })
    const error = await get().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(TypeError)
    expect(error).toBeInstanceOf(EmulatedResetError)
    expect((await get()).status).toBe(200)
    expect(emulator.stats.byRoute()['GET /jobq/:project/count']?.byStatus).toEqual({
      reset: 1,
      '200': 1,
    })
  })

  it('truncates 200 bodies: the stream errors before the end', async () => {
    const { emulator, get } = inProcess()
    emulator.faults.set({ truncateRate: 1 })
    const res = await get(`/jobq/${DEMO_PROJECT}/list?count=50`)
    expect(res.status).toBe(200)
    await expect(res.text()).rejects.toThrow(/terminated/)
    // Non-200 answers are left alone.
    expect(await (await get('/nope')).text()).toBe('Not Found\n')
  })

  it('adds latency before answering', async () => {
    vi.useFakeTimers()
    try {
      const { emulator, get } = inProcess()
      emulator.faults.set({ latencyMs: 30_000, times: 1 })
      let done = false
      const pending = get().then((r) => {
        done = true
        return r
      })
      await vi.advanceTimersByTimeAsync(29_999)
      expect(done).toBe(false)
      await vi.advanceTimersByTimeAsync(1)
      expect(done).toBe(true)
      expect((await pending).status).toBe(200)
      // `times: 1` used up: the next answer comes without waiting for any timer
      expect((await get()).status).toBe(200)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('faults over HTTP', () => {
  let server: RunningEmulator
  beforeAll(async () => {
    server = await startEmulator({ port: 0 })
  })
  afterAll(async () => {
    await server.close()
  })
  const url = (path: string) => new URL(path.replace(/^\//, ''), server.url)
  const setFaults = async (body: unknown) => {
    const res = await fetch(url('/__emulator/faults'), {
      method: 'POST',
      body: JSON.stringify(body),
    })
    expect(res.status).toBe(200)
  }

  it('sets faults with POST /__emulator/faults and clears them with {}', async () => {
    await setFaults({ errorRate: 1, status: 504 })
    expect((await fetch(url(COUNT), { headers: AUTH })).status).toBe(504)
    expect(await (await fetch(url('/__emulator/faults'))).json()).toEqual({
      errorRate: 1,
      status: 504,
    })
    await setFaults({})
    expect((await fetch(url(COUNT), { headers: AUTH })).status).toBe(200)
  })

  it('rejects bad fault options with 400', async () => {
    for (const body of ['{"errorRate": 2}', '[]', '{"bogus": 1}', '{', '{"match": 1}']) {
      const res = await fetch(url('/__emulator/faults'), { method: 'POST', body })
      expect(res.status, body).toBe(400)
    }
  })

  it('drops the connection for a reset, then serves the next request', async () => {
    await setFaults({ resetRate: 1, times: 1 })
    await expect(fetch(url(COUNT), { headers: AUTH })).rejects.toThrow(TypeError)
    expect((await fetch(url(COUNT), { headers: AUTH })).status).toBe(200)
  })

  it('cuts a body short over the wire', async () => {
    await setFaults({ truncateRate: 1, times: 1 })
    const res = await fetch(url(`/jobq/${DEMO_PROJECT}/list?count=100`), { headers: AUTH })
    await expect(res.text()).rejects.toThrow()
    const whole = await fetch(url(`/jobq/${DEMO_PROJECT}/list?count=100`), { headers: AUTH })
    expect((await whole.text()).split('\n')).toHaveLength(100)
  })

  it('cuts a 1-byte body short too (declared longer than sent)', async () => {
    const oneByte = url(`${COUNT}?spider=no-such-spider`)
    expect(await (await fetch(oneByte, { headers: AUTH })).text()).toBe('0')
    await setFaults({ truncateRate: 1, times: 1 })
    const res = await fetch(oneByte, { headers: AUTH })
    expect(res.status).toBe(200)
    await expect(res.text()).rejects.toThrow()
  })
})
