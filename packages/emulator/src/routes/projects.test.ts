import { describe, expect, it } from 'vitest'
import { createEmulator, DEMO_APIKEY } from '../index.ts'

const NOW = 1_700_000_000_000
const basic = (key: string) => ({ Authorization: `Basic ${btoa(`${key}:`)}` })

function setup() {
  const emulator = createEmulator({
    now: () => NOW,
    seed: [
      { key: '7/1/1', spider: 'a', state: 'finished', finished_time: NOW },
      { key: '7/1/2', spider: 'a', state: 'running', running_time: NOW, units: 3 },
      { key: '7/1/3', spider: 'a', state: 'running', running_time: NOW },
      { key: '7/1/4', spider: 'a', state: 'pending', pending_time: NOW },
      { key: '7/1/5', spider: 'a', state: 'deleted', deleted_time: NOW },
      { key: '8/1/1', spider: 'b', state: 'pending', pending_time: NOW },
    ],
    apikeys: { [DEMO_APIKEY]: [7, 9], all: '*' },
  })
  const get = async (path: string, key = DEMO_APIKEY) => {
    const res = await emulator.app.request(path, { headers: basic(key) })
    return { res, text: await res.text() }
  }
  return { get }
}

describe('GET /projects/P/jobsummary', () => {
  it('answers one JSON object with the counts per state and the running units', async () => {
    const { get } = setup()
    const { res, text } = await get('/projects/7/jobsummary')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(text.includes('\n')).toBe(false)
    expect(JSON.parse(text)).toEqual({
      project: 7,
      running_units_count: 4,
      running: 2,
      pending: 1,
      finished: 1,
      pending_units_max: null,
      has_capacity: true,
    })
    expect(JSON.parse((await get('/projects/9/jobsummary')).text)).toMatchObject({
      project: 9,
      running: 0,
      pending: 0,
      finished: 0,
    })
    expect((await get('/projects/8/jobsummary')).res.status).toBe(403)
  })
})

describe('GET /projects/jobsummaries', () => {
  it('answers a JSON array with one entry per project the key reads', async () => {
    const { get } = setup()
    const { res, text } = await get('/projects/jobsummaries')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(JSON.parse(text)).toEqual([
      { project: 7, pending: 1, running: 2, finished: 1, has_capacity: true },
      { project: 9, pending: 0, running: 0, finished: 0, has_capacity: true },
    ])
    const all = JSON.parse((await get('/projects/jobsummaries', 'all')).text)
    expect(all.map((p: { project: number }) => p.project)).toEqual([7, 8])
  })

  it('needs a valid key (401 text, as on the other storage routes)', async () => {
    const { get } = setup()
    const { res, text } = await get('/projects/jobsummaries', 'wrong')
    expect(res.status).toBe(401)
    expect(text).toBe('Unauthorized\n')
  })
})
