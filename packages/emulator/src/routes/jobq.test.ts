import { describe, expect, it } from 'vitest'
import { createEmulator, DEMO_APIKEY, DEMO_PROJECT, encodeJson, type JobSeed } from '../index.ts'
import { encodeRow, rowOf } from '../jobq.ts'

const NOW = 1_700_000_000_000
const AUTH = { Authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` }
const ALL = 'state=pending&state=running&state=finished&state=deleted'

const SEED: JobSeed[] = [
  { key: '7/1/1', spider: 'alpha', state: 'finished', finished_time: NOW - 50_000, tags: ['a'] },
  {
    key: '7/1/2',
    spider: 'alpha',
    state: 'finished',
    finished_time: NOW - 40_000,
    tags: ['a', 'b'],
    close_reason: 'failed',
    version: 'abc1234-master',
    scrapystats: {
      item_scraped_count: 5,
      response_received_count: 7,
      'log_count/INFO': 3,
      'log_count/ERROR': 2,
    },
  },
  { key: '7/2/1', spider: 'beta', state: 'finished', finished_time: NOW - 30_000, tags: [] },
  { key: '7/2/2', spider: 'beta', state: 'running', running_time: NOW - 20_000, tags: ['b'] },
  { key: '7/1/3', spider: 'alpha', state: 'pending', pending_time: NOW - 10_000 },
  { key: '7/2/3', spider: 'beta', state: 'deleted', deleted_time: NOW - 5_000, custom: 'x' },
  { key: '7/1/4', spider: 'alpha', finished_time: NOW - 1_000 },
]

function setup(seed: JobSeed[] = SEED) {
  const emulator = createEmulator({ now: () => NOW, seed, apikeys: { [DEMO_APIKEY]: [7] } })
  const get = async (path: string) => {
    const res = await emulator.app.request(path, { headers: AUTH })
    return { res, text: await res.text() }
  }
  const keys = async (path: string) => {
    const { text } = await get(path)
    return text === '' ? [] : text.split('\n').map((l) => JSON.parse(l).key)
  }
  return { emulator, get, keys }
}

describe('GET /jobq/P/list', () => {
  it('lists finished jobs only by default, newest first, as JSON lines', async () => {
    const { get, keys } = setup()
    const { res, text } = await get('/jobq/7/list')
    expect(res.headers.get('content-type')).toBe('application/x-jsonlines')
    expect(text.endsWith('\n')).toBe(false)
    expect(await keys('/jobq/7/list')).toEqual(['7/1/4', '7/2/1', '7/1/2', '7/1/1'])
  })

  it('builds production-like rows with elapsed from the emulator clock', async () => {
    const { get } = setup()
    const { text } = await get('/jobq/7/list?key=7/1/2')
    expect(JSON.parse(text)).toEqual({
      key: '7/1/2',
      state: 'finished',
      elapsed: 40_000,
      ts: NOW - 40_000,
      spider: 'alpha',
      finished_time: NOW - 40_000,
      tags: ['a', 'b'],
      close_reason: 'failed',
      items: 5,
      pages: 7,
      logs: 5,
      errors: 2,
      version: 'abc1234-master',
    })
    const pending = JSON.parse((await get('/jobq/7/list?state=pending')).text)
    expect(pending).toEqual({
      key: '7/1/3',
      state: 'pending',
      elapsed: 10_000,
      ts: NOW - 10_000,
      spider: 'alpha',
      pending_time: NOW - 10_000,
    })
    // No tags key for a job with an empty tag list.
    expect(JSON.parse((await get('/jobq/7/list?key=7/2/1')).text)).not.toHaveProperty('tags')
  })

  it('filters by repeated state, spider, startts and exclusive endts', async () => {
    const { keys } = setup()
    expect(await keys('/jobq/7/list?state=running&state=pending')).toEqual(['7/1/3', '7/2/2'])
    expect(await keys(`/jobq/7/list?${ALL}`)).toHaveLength(7)
    expect(await keys(`/jobq/7/list?${ALL}&spider=beta`)).toEqual(['7/2/3', '7/2/2', '7/2/1'])
    expect(await keys(`/jobq/7/list?startts=${NOW - 40_000}&endts=${NOW - 1_000}`)).toEqual([
      '7/2/1',
      '7/1/2',
    ])
  })

  it('pages with count, start and stop', async () => {
    const { keys } = setup()
    expect(await keys('/jobq/7/list?count=2')).toEqual(['7/1/4', '7/2/1'])
    expect(await keys('/jobq/7/list?start=1&count=2')).toEqual(['7/2/1', '7/1/2'])
    expect(await keys('/jobq/7/list?stop=7/1/2')).toEqual(['7/1/4', '7/2/1'])
    expect(await keys('/jobq/7/list?count=0')).toEqual([])
    // The stop job need not match the filters: 7/1/3 (pending) sits between 7/2/3 and 7/2/2.
    expect(await keys(`/jobq/7/list?${ALL}&spider=beta&stop=7/1/3`)).toEqual(['7/2/3'])
  })

  it('filters by repeated key, has_tag (OR) and lacks_tag (AND)', async () => {
    const { keys } = setup()
    expect(await keys(`/jobq/7/list?${ALL}&key=7/1/1&key=7/2/2&key=9/9/9`)).toEqual([
      '7/2/2',
      '7/1/1',
    ])
    expect(await keys(`/jobq/7/list?${ALL}&has_tag=a&has_tag=b`)).toEqual([
      '7/2/2',
      '7/1/2',
      '7/1/1',
    ])
    expect(await keys(`/jobq/7/list?${ALL}&lacks_tag=a&lacks_tag=b`)).toEqual([
      '7/1/4',
      '7/2/3',
      '7/1/3',
      '7/2/1',
    ])
  })

  it('with jobmeta, rows hold only key/state/elapsed/ts, the requested fields and the tags', async () => {
    const { get } = setup()
    const { text } = await get(
      '/jobq/7/list?state=deleted&jobmeta=custom&jobmeta=absent&jobmeta=auth',
    )
    expect(JSON.parse(text)).toEqual({
      key: '7/2/3',
      state: 'deleted',
      elapsed: 5_000,
      ts: NOW - 5_000,
      custom: 'x',
    })
    const tagged = JSON.parse((await get('/jobq/7/list?key=7/1/2&jobmeta=close_reason')).text)
    expect(tagged).toEqual({
      key: '7/1/2',
      state: 'finished',
      elapsed: 40_000,
      ts: NOW - 40_000,
      close_reason: 'failed',
      tags: ['a', 'b'],
    })
  })

  it('rows carry every *_time reached; counters, close_reason and version only when set', async () => {
    const { get } = setup([
      {
        key: '7/1/1',
        spider: 'alpha',
        state: 'finished',
        pending_time: NOW - 3000,
        running_time: NOW - 2000,
        finished_time: NOW - 1000,
      },
      {
        key: '7/1/2',
        spider: 'alpha',
        state: 'running',
        pending_time: NOW - 3000,
        running_time: NOW - 2000,
        scrapystats: { 'log_count/INFO': 4, 'log_count/ERROR': 1 },
      },
      { key: '7/1/3', spider: 'alpha', state: 'finished', finished_time: NOW - 500 },
    ])
    const rows = (await get(`/jobq/7/list?${ALL}`)).text.split('\n').map((l) => JSON.parse(l))
    expect(rows).toEqual([
      {
        key: '7/1/3',
        state: 'finished',
        elapsed: 500,
        ts: NOW - 500,
        spider: 'alpha',
        finished_time: NOW - 500,
      },
      {
        key: '7/1/1',
        state: 'finished',
        elapsed: 1000,
        ts: NOW - 1000,
        spider: 'alpha',
        pending_time: NOW - 3000,
        running_time: NOW - 2000,
        finished_time: NOW - 1000,
      },
      {
        key: '7/1/2',
        state: 'running',
        elapsed: 2000,
        ts: NOW - 2000,
        spider: 'alpha',
        pending_time: NOW - 3000,
        running_time: NOW - 2000,
        logs: 5,
        errors: 1,
      },
    ])
  })

  it('gives an array with format=json and an empty body when nothing matches', async () => {
    const { get } = setup()
    const json = await get('/jobq/7/list?format=json&count=2')
    expect(json.res.headers.get('content-type')).toBe('application/json')
    expect(JSON.parse(json.text).map((r: { key: string }) => r.key)).toEqual(['7/1/4', '7/2/1'])
    expect((await get('/jobq/7/list?spider=nobody')).text).toBe('')
    expect((await get('/jobq/7/list?spider=nobody&format=json')).text).toBe('[]')
  })

  it('answers 400 for unparsable parameters', async () => {
    const { get } = setup()
    for (const q of ['state=done', 'count=x', 'start=-1', 'startts=1.5', 'endts=abc']) {
      const { res, text } = await get(`/jobq/7/list?${q}`)
      expect(res.status, q).toBe(400)
      expect(text).toMatch(/^Error parsing data, /)
    }
  })

  it('streams large lists in chunks, every row intact', async () => {
    const seed: JobSeed[] = Array.from({ length: 5000 }, (_, i) => ({
      key: `7/1/${i + 1}`,
      spider: 'alpha',
      finished_time: NOW - i,
    }))
    const { emulator } = setup(seed)
    const res = await emulator.app.request('/jobq/7/list', { headers: AUTH })
    const reader = res.body!.getReader()
    let chunks = 0
    let text = ''
    const decoder = new TextDecoder()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks++
      text += decoder.decode(value, { stream: true })
    }
    expect(chunks).toBeGreaterThan(1)
    const lines = text.split('\n')
    expect(lines).toHaveLength(5000)
    expect(JSON.parse(lines[0]!).key).toBe('7/1/1')
    expect(JSON.parse(lines[4999]!).key).toBe('7/1/5000')
    const json = await emulator.app.request('/jobq/7/list?format=json', { headers: AUTH })
    expect(await json.json()).toHaveLength(5000)
  })
})

describe('row encoding', () => {
  it('the fast row encoder writes exactly what encodeJson(rowOf(...)) writes', () => {
    const emulator = createEmulator({ now: () => NOW })
    const jobs = emulator.store.list(DEMO_PROJECT)
    expect(jobs.length).toBeGreaterThan(300)
    for (const r of jobs) expect(encodeRow(r, NOW)).toBe(encodeJson(rowOf(r, NOW)))
    for (const r of SEED.map((s) => setup().emulator.store.record(s.key)!))
      expect(encodeRow(r, NOW, ['tags'])).toBe(encodeJson(rowOf(r, NOW, ['tags'])))
  })
})

describe('GET /jobq/P/count', () => {
  it('answers a bare integer honouring the filters', async () => {
    const { get } = setup()
    const { res, text } = await get('/jobq/7/count')
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(text).toBe('4')
    expect((await get(`/jobq/7/count?${ALL}&spider=alpha`)).text).toBe('4')
    expect((await get('/jobq/7/count?has_tag=a')).text).toBe('2')
    expect((await get('/jobq/8/count')).res.status).toBe(403)
  })
})

describe('summaries', () => {
  it('gives three JSON lines (pending, running, finished) with counts and rows', async () => {
    const { get } = setup()
    const { text } = await get('/jobq/7/summary')
    const lines = text.split('\n').map((l) => JSON.parse(l))
    expect(lines.map((l) => [l.name, l.count])).toEqual([
      ['pending', 1],
      ['running', 1],
      ['finished', 4],
    ])
    expect(lines[2].summary.map((r: { key: string }) => r.key)).toEqual([
      '7/1/4',
      '7/2/1',
      '7/1/2',
      '7/1/1',
    ])
  })

  it('narrows by state, spider id and count', async () => {
    const { get } = setup()
    const one = JSON.parse((await get('/jobq/7/summary/finished?count=1')).text)
    expect(one.name).toBe('finished')
    expect(one.count).toBe(4)
    expect(one.summary).toHaveLength(1)
    const spider = (await get('/jobq/7/2/summary')).text.split('\n').map((l) => JSON.parse(l))
    expect(spider.map((l) => l.count)).toEqual([0, 1, 1])
    const spiderState = JSON.parse((await get('/jobq/7/1/summary/pending')).text)
    expect(spiderState.summary.map((r: { key: string }) => r.key)).toEqual(['7/1/3'])
    expect((await get('/jobq/7/summary/bogus')).res.status).toBe(400)
    expect((await get('/jobq/7/x/summary')).res.status).toBe(400)
  })

  it('summary honours start and jobmeta (rows keep tags)', async () => {
    const { get } = setup()
    const page = JSON.parse((await get('/jobq/7/summary/finished?start=1&count=2')).text)
    expect(page.count).toBe(4)
    expect(page.summary.map((r: { key: string }) => r.key)).toEqual(['7/2/1', '7/1/2'])
    const meta = JSON.parse((await get('/jobq/7/1/summary/finished?jobmeta=close_reason')).text)
    expect(meta.summary).toEqual([
      { key: '7/1/4', state: 'finished', elapsed: 1000, ts: NOW - 1000 },
      {
        key: '7/1/2',
        state: 'finished',
        elapsed: 40_000,
        ts: NOW - 40_000,
        close_reason: 'failed',
        tags: ['a', 'b'],
      },
      { key: '7/1/1', state: 'finished', elapsed: 50_000, ts: NOW - 50_000, tags: ['a'] },
    ])
    expect((await get('/jobq/7/summary?start=x')).res.status).toBe(400)
  })

  it('jobsummary gives one row per known key, honouring jobmeta', async () => {
    const { get } = setup()
    const { res, text } = await get('/jobq/7/jobsummary?key=7/2/2&key=7/1/1&key=7/9/9')
    expect(res.headers.get('content-type')).toBe('application/x-jsonlines')
    expect(text.split('\n').map((l) => JSON.parse(l).key)).toEqual(['7/2/2', '7/1/1'])
    expect((await get('/jobq/7/jobsummary')).text).toBe('')
    const meta = await get('/jobq/7/jobsummary?key=7/2/3&jobmeta=key&jobmeta=custom')
    expect(JSON.parse(meta.text)).toEqual({
      key: '7/2/3',
      state: 'deleted',
      elapsed: 5000,
      ts: NOW - 5000,
      custom: 'x',
    })
  })
})
