import { describe, expect, it } from 'vitest'
import { createEmulator, DEMO_APIKEY, type JobSeed } from '../index.ts'

const NOW = 1_700_000_000_000
const AUTH = { Authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` }

const SEED: JobSeed[] = [
  { key: '7/1/1', spider: 'alpha', state: 'finished', finished_time: NOW - 9000 },
  {
    key: '7/1/2',
    spider: 'alpha',
    state: 'finished',
    pending_time: NOW - 8500,
    running_time: NOW - 8200,
    finished_time: NOW - 8000,
    close_reason: 'finished',
    tags: ['t'],
    version: 'v1',
    scrapystats: { item_scraped_count: 3, 'log_count/INFO': 2 },
  },
  { key: '7/1/3', spider: 'alpha', state: 'running', running_time: NOW - 1000 },
  { key: '7/2/1', spider: 'beta', state: 'finished', finished_time: NOW - 5000, owner: 'o' },
  { key: '7/2/2', spider: 'beta', state: 'deleted', deleted_time: NOW - 100 },
  { key: '7/3/1', spider: 'gamma', state: 'pending', pending_time: NOW - 50 },
]

function setup() {
  const emulator = createEmulator({ now: () => NOW, seed: SEED, apikeys: { [DEMO_APIKEY]: [7] } })
  const get = async (path: string) => {
    const res = await emulator.app.request(path, { headers: AUTH })
    return { res, text: await res.text() }
  }
  const lines = (text: string) => (text === '' ? [] : text.split('\n').map((l) => JSON.parse(l)))
  return { emulator, get, lines }
}

describe('GET /spiders/P[/S]/lastjobsummary', () => {
  it('answers the last finished job of each spider as JSON lines of list rows, newest first', async () => {
    const { get, lines } = setup()
    const { res, text } = await get('/spiders/7/lastjobsummary')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/x-jsonlines')
    expect(text.endsWith('\n')).toBe(false)
    expect(lines(text)).toEqual([
      {
        key: '7/2/1',
        state: 'finished',
        elapsed: 5000,
        ts: NOW - 5000,
        spider: 'beta',
        finished_time: NOW - 5000,
      },
      {
        key: '7/1/2',
        state: 'finished',
        elapsed: 8000,
        ts: NOW - 8000,
        spider: 'alpha',
        pending_time: NOW - 8500,
        running_time: NOW - 8200,
        finished_time: NOW - 8000,
        tags: ['t'],
        close_reason: 'finished',
        items: 3,
        logs: 2,
        version: 'v1',
      },
    ])
  })

  it('narrows to one spider id, pages with count/start/startafter, honours jobmeta', async () => {
    const { get, lines } = setup()
    expect(lines((await get('/spiders/7/1/lastjobsummary')).text).map((r) => r.key)).toEqual([
      '7/1/2',
    ])
    expect(lines((await get('/spiders/7/lastjobsummary?count=1')).text).map((r) => r.key)).toEqual([
      '7/2/1',
    ])
    expect(lines((await get('/spiders/7/lastjobsummary?start=1')).text).map((r) => r.key)).toEqual([
      '7/1/2',
    ])
    const after = await get('/spiders/7/lastjobsummary?startafter=7/2/1')
    expect(lines(after.text).map((r) => r.key)).toEqual(['7/1/2'])
    expect(lines((await get('/spiders/7/2/lastjobsummary?jobmeta=owner')).text)).toEqual([
      { key: '7/2/1', state: 'finished', elapsed: 5000, ts: NOW - 5000, owner: 'o' },
    ])
  })

  it('answers an empty body when no spider has a finished job, 400 for a bad spider id', async () => {
    const { get } = setup()
    const none = await get('/spiders/7/3/lastjobsummary')
    expect(none.res.status).toBe(200)
    expect(none.text).toBe('')
    expect((await get('/spiders/7/9/lastjobsummary')).text).toBe('')
    expect((await get('/spiders/7/x/lastjobsummary')).res.status).toBe(400)
    expect((await get('/spiders/7/lastjobsummary?count=-1')).res.status).toBe(400)
  })
})

describe('GET /ids/P/spider/NAME', () => {
  it('answers the spider id as JSON, null for an unknown name; create=1 assigns the next id', async () => {
    const { get } = setup()
    const known = await get('/ids/7/spider/beta')
    expect(known.res.status).toBe(200)
    expect(known.res.headers.get('content-type')).toBe('application/json')
    expect(known.text).toBe('2')
    expect((await get('/ids/7/spider/nobody')).text).toBe('null')
    expect((await get('/ids/7/spider/nobody?create=1')).text).toBe('4')
    expect((await get('/ids/7/spider/nobody')).text).toBe('4')
  })

  it('decodes URL-encoded names', async () => {
    const { emulator, get } = setup()
    emulator.store.put({ key: '7/5/1', spider: 'a b/é' })
    expect((await get(`/ids/7/spider/${encodeURIComponent('a b/é')}`)).text).toBe('5')
  })
})
