import { describe, expect, it } from 'vitest'
import { BadRequestError, InvalidKeyError } from './errors.ts'
import { filtersToQuery } from './jobs.ts'

describe('filtersToQuery', () => {
  it('maps every filter to its JobQ wire name', () => {
    expect(
      filtersToQuery({
        state: ['pending', 'finished'],
        spider: 'books',
        hasTag: 'a',
        lacksTag: ['b', 'c'],
        startTs: 1,
        endTs: 2,
        count: 3,
        start: 4,
        stop: ' 1/2/3 ',
        key: ['1/2/4', 'https://app.zyte.com/p/1/2/5'],
        meta: ['spider_args', 'close_reason'],
      }),
    ).toEqual({
      state: ['pending', 'finished'],
      spider: 'books',
      has_tag: ['a'],
      lacks_tag: ['b', 'c'],
      startts: 1,
      endts: 2,
      count: 3,
      start: 4,
      stop: '1/2/3',
      key: ['1/2/4', '1/2/5'],
      jobmeta: ['spider_args', 'close_reason'],
    })
  })
  it('leaves unset filters out', () => {
    expect(Object.values(filtersToQuery({})).every((v) => v === undefined)).toBe(true)
    expect(filtersToQuery({ state: 'running' }).state).toEqual(['running'])
  })
  it('rejects bad values with a message', () => {
    expect(() => filtersToQuery({ state: 'done' as never })).toThrow(BadRequestError)
    expect(() => filtersToQuery({ count: 1.5 })).toThrow(/count must be a non-negative integer/)
    expect(() => filtersToQuery({ start: -1 })).toThrow(BadRequestError)
    expect(() => filtersToQuery({ startTs: Number.NaN })).toThrow(/startTs/)
    expect(() => filtersToQuery({ key: ['x'] })).toThrow(InvalidKeyError)
  })
})
