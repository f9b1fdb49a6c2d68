import { describe, expect, it } from 'vitest'
import { DEFAULT_PUBLIC_FIELDS } from '../../config.ts'
import {
  type Run,
  runOf,
  runsOf,
  runTimeMs,
  STRIP_RUNS,
  spiderJobs,
  spiderStatuses,
} from './runs.ts'

const F = DEFAULT_PUBLIC_FIELDS

const row = (over: Record<string, unknown>) => ({
  key: '7/1/5',
  state: 'finished',
  ts: 3000,
  spider: 'books',
  close_reason: 'finished',
  pending_time: 1000,
  running_time: 2000,
  finished_time: 3000,
  items: 42,
  pages: 50,
  version: 'v1',
  scheduled_by: 'alice',
  ...over,
})

const run = (over: Partial<Run>): Run => ({
  key: `7/${over.spider ?? 1}/${over.job ?? 1}`,
  spider: 1,
  job: 1,
  outcome: 'ok',
  state: 'finished',
  ...over,
})

describe('runOf', () => {
  it('keeps the published values a page shows, and the outcome from core', () => {
    expect(runOf(row({}), 7, F)).toEqual({
      key: '7/1/5',
      spider: 1,
      job: 5,
      outcome: 'ok',
      state: 'finished',
      name: 'books',
      reason: 'finished',
      started: 2000,
      finished: 3000,
      items: 42,
    })
    expect(runOf(row({ close_reason: 'closespider_timeout' }), 7, F)?.outcome).toBe('limit')
    expect(runOf(row({ close_reason: 'memusage_exceeded' }), 7, F)?.outcome).toBe('failed')
  })

  it('reads nothing an operator did not publish', () => {
    const r = runOf(row({}), 7, ['state'])
    expect(r).toEqual({
      key: '7/1/5',
      spider: 1,
      job: 5,
      outcome: 'ok',
      state: 'finished',
      finished: 3000,
    })
    // `finished` comes from the row's ts, which every public list row carries
    expect(JSON.stringify(r)).not.toContain('books')
  })

  it('drops rows that are not objects, lack a valid key, or belong to another project', () => {
    for (const bad of [
      null,
      7,
      'x',
      [],
      row({ key: 'nope' }),
      row({ key: '8/1/5' }),
      row({ key: 5 }),
    ])
      expect(runOf(bad, 7, F)).toBeUndefined()
    expect(runsOf([row({}), null, row({ key: '7/2/1' })], 7, F).map((r) => r.key)).toEqual([
      '7/1/5',
      '7/2/1',
    ])
  })

  it('ignores values of the wrong type instead of failing', () => {
    const r = runOf(
      row({ spider: 5, close_reason: {}, items: 'many', finished_time: 'soon', ts: Number.NaN }),
      7,
      F,
    )
    expect(r).toEqual({
      key: '7/1/5',
      spider: 1,
      job: 5,
      outcome: 'unknown',
      state: 'finished',
      started: 2000,
    })
  })

  it('takes a running row start from ts when running_time is not published', () => {
    const r = runOf(row({ state: 'running', ts: 9000, running_time: undefined }), 7, F)
    expect(r?.started).toBe(9000)
    expect(r?.finished).toBe(3000)
  })
})

describe('spiderStatuses', () => {
  it('one row per spider: newest finished run, active run and a strip of at most STRIP_RUNS', () => {
    const last = [run({ spider: 1, job: 30, finished: 300, name: 'b' })]
    const recent = [
      ...Array.from({ length: 14 }, (_, i) =>
        run({
          spider: 1,
          job: 16 + i,
          finished: 160 + i * 10,
          name: 'b',
          outcome: i % 2 ? 'ok' : 'failed',
        }),
      ),
      run({ spider: 1, job: 31, state: 'running', outcome: 'running' }),
      run({ spider: 2, job: 1, state: 'pending', outcome: 'pending', name: 'a' }),
      run({ spider: 3, job: 2, finished: 5 }),
    ]
    const s = spiderStatuses(last, recent)
    expect(s.map((x) => [x.spider, x.name])).toEqual([
      [2, 'a'],
      [1, 'b'],
      [3, undefined],
    ])
    const b = s[1]!
    expect(b.last?.job).toBe(30)
    expect(b.active?.job).toBe(31)
    expect(b.recent).toHaveLength(STRIP_RUNS)
    expect(b.recent.map((r) => r.job)).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21])
    expect(s[0]!.last).toBeUndefined()
    expect(s[0]!.recent).toEqual([])
  })

  it('a running job is shown as active before a newer pending one', () => {
    const s = spiderStatuses(
      [],
      [
        run({ job: 2, state: 'pending', outcome: 'pending' }),
        run({ job: 1, state: 'running', outcome: 'running' }),
        run({ job: 3, state: 'pending', outcome: 'pending' }),
      ],
    )
    expect(s[0]!.active?.job).toBe(1)
  })

  it('the same job in both lists counts once', () => {
    const j = run({ spider: 1, job: 9, finished: 90 })
    expect(spiderStatuses([j], [j])[0]!.recent).toHaveLength(1)
  })
})

describe('spiderJobs', () => {
  it('active jobs first, then finished ones newest first, only of that spider', () => {
    const runs = [
      run({ job: 1, finished: 10 }),
      run({ job: 3, finished: 30 }),
      run({ job: 4, state: 'running', outcome: 'running' }),
      run({ job: 5, state: 'pending', outcome: 'pending' }),
      run({ spider: 2, job: 6 }),
    ]
    expect(spiderJobs(runs, 1, 10).map((r) => r.job)).toEqual([5, 4, 3, 1])
    expect(spiderJobs(runs, 1, 1).map((r) => r.job)).toEqual([5, 3])
  })
})

describe('runTimeMs', () => {
  it('finished - started, now - started while running, undefined when unknown or negative', () => {
    expect(runTimeMs(run({ started: 100, finished: 400 }), 1000)).toBe(300)
    expect(runTimeMs(run({ state: 'running', started: 100 }), 1000)).toBe(900)
    expect(runTimeMs(run({ finished: 400 }), 1000)).toBeUndefined()
    expect(runTimeMs(run({ started: 500, finished: 400 }), 1000)).toBeUndefined()
  })
})
