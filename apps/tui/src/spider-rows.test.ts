import type { JobQRow } from '@jobmeta/core'
import { describe, expect, it } from 'vitest'
import { RECENT_RUNS, sparkline, spiderRows } from './spider-rows.ts'

const row = (key: string, spider: string, close_reason: string, items?: number) =>
  ({
    key,
    spider,
    state: 'finished',
    close_reason,
    ...(items === undefined ? {} : { items }),
  }) as JobQRow

describe('sparkline', () => {
  it('scales bars to the largest value and marks missing values', () => {
    expect(sparkline([0, 7, 14, undefined])).toBe('▁▅█·')
    expect(sparkline([0, 0])).toBe('▁▁')
    expect(sparkline([])).toBe('')
  })
})

describe('spiderRows', () => {
  it('gives each spider its last outcome, recent items oldest first and recent failures', () => {
    const recent = [
      row('1/1/9', 'books', 'memusage_exceeded', 5),
      row('1/2/8', 'quotes', 'finished', 30),
      row('1/1/7', 'books', 'finished', 10),
      row('1/1/6', 'books', 'failed', 0),
    ]
    const last = [
      row('1/1/9', 'books', 'memusage_exceeded', 5),
      row('1/3/2', 'authors', 'finished', 1),
    ]
    const rows = spiderRows(last, recent)
    expect(rows.map((r) => r.name)).toEqual(['authors', 'books', 'quotes'])
    const books = rows[1]
    expect(books?.lastOutcome).toBe('failed')
    expect(books?.items).toEqual([0, 10, 5])
    expect(books?.failures).toBe(2)
    expect(rows[0]?.runs).toBe(0)
    expect(rows[0]?.lastOutcome).toBe('ok')
  })

  it(`keeps at most ${RECENT_RUNS} runs per spider`, () => {
    const recent = Array.from({ length: 25 }, (_, i) => row(`1/1/${25 - i}`, 'books', 'failed', i))
    const [books] = spiderRows([], recent)
    expect(books?.runs).toBe(RECENT_RUNS)
    expect(books?.failures).toBe(RECENT_RUNS)
  })
})
