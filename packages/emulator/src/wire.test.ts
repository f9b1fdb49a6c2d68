import { describe, expect, it } from 'vitest'
import { encodeJson, pyFloat } from './wire.ts'

describe('encodeJson (Python style)', () => {
  it('uses ", " and ": " separators', () => {
    expect(encodeJson({ a: [1, 2], b: { c: null, d: true } })).toBe(
      '{"a": [1, 2], "b": {"c": null, "d": true}}',
    )
    expect(encodeJson([])).toBe('[]')
    expect(encodeJson({})).toBe('{}')
  })

  it('writes float-typed Scrapy stats with a fraction, other integers plain', () => {
    expect(
      encodeJson({
        finished_time: 1566311833872,
        scrapystats: { start_time: 1566311819357, n: 2 },
      }),
    ).toBe(
      '{"finished_time": 1566311833872, "scrapystats": {"start_time": 1566311819357.0, "n": 2}}',
    )
    expect(encodeJson({ finish_time: 5, elapsed_time_seconds: 3 }, { scrapystats: true })).toBe(
      '{"finish_time": 5.0, "elapsed_time_seconds": 3.0}',
    )
  })

  it('formats floats like Python repr', () => {
    expect(pyFloat(1566311822568)).toBe('1566311822568.0')
    expect(pyFloat(3.211014)).toBe('3.211014')
    expect(pyFloat(1e-7)).toBe('1e-07')
    expect(pyFloat(1e22)).toBe('1e+22')
    expect(encodeJson(1.5e-7)).toBe('1.5e-07')
  })

  it('escapes non-ASCII like ensure_ascii and keeps quotes/backslashes valid', () => {
    expect(encodeJson('café ☃')).toBe('"caf\\u00e9 \\u2603"')
    expect(encodeJson('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"')
    expect(JSON.parse(encodeJson({ 'k/é': 'v\u0001' }))).toEqual({ 'k/é': 'v\u0001' })
  })

  it('writes non-finite numbers and undefined as null, skips undefined members', () => {
    expect(encodeJson([Number.NaN, undefined])).toBe('[null, null]')
    expect(encodeJson({ a: undefined, b: 1 })).toBe('{"b": 1}')
  })
})
