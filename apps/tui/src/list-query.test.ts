import type { JobQRow } from '@jobmeta/core'
import { describe, expect, it } from 'vitest'
import {
  filterRows,
  jobqFilters,
  type ListQuery,
  listQueryOf,
  sortRows,
  statesOf,
} from './list-query.ts'

const NOW = 1_700_000_000_000
const H = 3_600_000

function row(key: string, fields: Partial<JobQRow> & Record<string, unknown>): JobQRow {
  return { key, ts: NOW, state: 'finished', elapsed: 0, ...fields } as JobQRow
}

const rows: JobQRow[] = [
  row('1/1/6', { state: 'running', ts: NOW - H, running_time: NOW - H, items: 5 }),
  row('1/1/5', {
    close_reason: 'memusage_exceeded',
    ts: NOW - 2 * H,
    running_time: NOW - 5 * H,
    finished_time: NOW - 2 * H,
    items: 100,
    errors: 3,
  }),
  row('1/1/4', {
    close_reason: 'finished',
    ts: NOW - 3 * H,
    running_time: NOW - 4 * H,
    finished_time: NOW - 3 * H,
    items: 900,
  }),
  row('1/2/3', {
    close_reason: 'closespider_errorcount',
    ts: NOW - 30 * H,
    running_time: NOW - 31 * H,
    finished_time: NOW - 30 * H,
    errors: 50,
  }),
  row('1/2/2', { close_reason: 'cancelled', ts: NOW - 40 * H, finished_time: NOW - 40 * H }),
  row('1/2/1', { state: 'pending', ts: NOW - 50 * H, pending_time: NOW - 50 * H }),
]

const base: ListQuery = { state: [], tag: [], outcome: [] }
const keys = (rs: JobQRow[]) => rs.map((r) => r.key)

describe('listQueryOf', () => {
  it('copies the list options into a query, leaving absent ones out', () => {
    const q = listQueryOf({
      state: ['finished'],
      tag: ['a'],
      outcome: ['failed'],
      since: NOW - H,
      sort: 'items',
      count: 10,
    })
    expect(q).toEqual({
      state: ['finished'],
      tag: ['a'],
      outcome: ['failed'],
      since: NOW - H,
      sort: 'items',
      count: 10,
    })
    expect(Object.keys(listQueryOf({ state: [], tag: [], outcome: [] }))).toEqual([
      'state',
      'tag',
      'outcome',
    ])
  })
})

describe('filterRows', () => {
  it('keeps the outcomes asked for by core rule: memusage_exceeded and closespider_errorcount are failures', () => {
    expect(keys(filterRows(rows, { ...base, outcome: ['failed'] }))).toEqual(['1/1/5', '1/2/3'])
    expect(keys(filterRows(rows, { ...base, outcome: ['ok', 'cancelled'] }))).toEqual([
      '1/1/4',
      '1/2/2',
    ])
    expect(filterRows(rows, base)).toHaveLength(rows.length)
  })

  it('keeps rows whose current state began in [since, until)', () => {
    expect(keys(filterRows(rows, { ...base, since: NOW - 24 * H }))).toEqual([
      '1/1/6',
      '1/1/5',
      '1/1/4',
    ])
    expect(keys(filterRows(rows, { ...base, since: NOW - 48 * H, until: NOW - 3 * H }))).toEqual([
      '1/2/3',
      '1/2/2',
    ])
    // a row without ts cannot be placed in time
    const odd = { ...rows[0], ts: 'soon' } as unknown as JobQRow
    expect(filterRows([odd], { ...base, since: 0 })).toEqual([])
  })
})

describe('sortRows', () => {
  it('sorts largest/newest first, rows without the value last, ties in JobQ order', () => {
    expect(keys(sortRows(rows, 'items', NOW))).toEqual([
      '1/1/4',
      '1/1/5',
      '1/1/6',
      '1/2/3',
      '1/2/2',
      '1/2/1',
    ])
    expect(keys(sortRows(rows, 'errors', NOW)).slice(0, 2)).toEqual(['1/2/3', '1/1/5'])
    expect(keys(sortRows(rows, 'finished', NOW)).slice(0, 4)).toEqual([
      '1/1/5',
      '1/1/4',
      '1/2/3',
      '1/2/2',
    ])
  })

  it('sorts by run time with core summarize: a running job counts up to now', () => {
    // 1/1/5 ran 3h, 1/1/6 runs for 1h so far, 1/1/4 1h, 1/2/3 1h
    expect(keys(sortRows(rows, 'runtime', NOW)).slice(0, 2)).toEqual(['1/1/5', '1/1/6'])
    expect(keys(sortRows(rows, 'started', NOW))[0]).toBe('1/1/6')
    expect(sortRows(rows, undefined)).toEqual(rows)
  })
})

describe('jobqFilters', () => {
  it('maps since/until to startts/endts and narrows states to what the outcomes can have', () => {
    expect(
      jobqFilters({ ...base, spider: 'a', tag: ['t'], since: 1, until: 2, outcome: ['failed'] }),
    ).toEqual({ state: ['finished'], spider: 'a', hasTag: ['t'], startTs: 1, endTs: 2 })
    // a part of a query maps to that part only (the viewer keeps its own states)
    expect(jobqFilters({ since: 5 })).toEqual({ startTs: 5 })
    expect(statesOf({ state: [], outcome: [] })).toEqual(['pending', 'running', 'finished'])
    expect(statesOf({ state: [], outcome: ['running', 'ok'] })).toEqual(['running', 'finished'])
    expect(statesOf({ state: ['running'], outcome: ['failed'] })).toEqual(['running'])
    expect(statesOf({ state: [], outcome: ['unknown'] })).toEqual(['finished'])
    expect(statesOf({ state: [], outcome: ['deleted', 'cancelled'] })).toEqual([
      'finished',
      'deleted',
    ])
    expect(statesOf({ state: ['deleted'], outcome: [] })).toEqual(['deleted'])
  })
})
