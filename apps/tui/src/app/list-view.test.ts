import type { JobQRow } from '@jobmeta/core'
import { describe, expect, it } from 'vitest'
import { groupedRows, matchesText, shownRows } from './list-view.ts'

const row = (key: string, state: string, extra: object = {}) =>
  ({ key, state, spider: 'books', ts: 0, ...extra }) as unknown as JobQRow

const rows = [
  row('1/1/9', 'finished', { close_reason: 'failed', items: 5, finished_time: 900 }),
  row('1/1/8', 'running', { running_time: 800 }),
  row('1/2/7', 'finished', { close_reason: 'finished', items: 50, spider: 'quotes' }),
  row('1/1/1', 'pending', { pending_time: 100 }),
  row('1/1/6', 'finished', { close_reason: 'memusage_exceeded', items: 20 }),
]

describe('groupedRows', () => {
  it('puts pending, then running, above the rest, each in sort order', () => {
    expect(groupedRows(rows, undefined, 0).map((r) => r.key)).toEqual([
      '1/1/1',
      '1/1/8',
      '1/1/9',
      '1/2/7',
      '1/1/6',
    ])
    expect(groupedRows(rows, 'items', 0).map((r) => r.key)).toEqual([
      '1/1/1',
      '1/1/8',
      '1/2/7',
      '1/1/6',
      '1/1/9',
    ])
  })
})

describe('shownRows', () => {
  it("filters by core's outcome rule and by every word of the text", () => {
    const failed = shownRows(rows, { text: '', outcome: ['failed'] }).rows
    expect(failed.map((r) => r.key)).toEqual(['1/1/9', '1/1/6'])
    expect(shownRows(rows, { text: 'books mem', outcome: [] }).rows.map((r) => r.key)).toEqual([
      '1/1/6',
    ])
    expect(matchesText(rows[2] as JobQRow, 'QUOTES fin')).toBe(true)
  })

  it('narrows the previous result while the text grows, and starts over otherwise', () => {
    const texts = ['b', 'bo', 'boo', 'books f', 'books fa', 'books f', 'quo', '']
    let previous: ReturnType<typeof shownRows> | undefined
    for (const text of texts) {
      const view = { text, outcome: [] as const }
      previous = shownRows(rows, view, previous)
      expect(previous.rows, text).toEqual(shownRows(rows, view).rows)
    }
  })
})
