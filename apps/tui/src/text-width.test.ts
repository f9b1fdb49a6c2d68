import { HOSTILE_TEXT } from '@jobmeta/emulator'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { clip, fit, padEnd, textWidth } from './text-width.ts'

/** What a terminal must never receive from server text. */
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/
const text = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXT),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
)

describe('display width', () => {
  it('counts wide characters and emoji as two columns', () => {
    expect(textWidth('abc')).toBe(3)
    expect(textWidth('爬虫')).toBe(4)
    expect(textWidth('👩‍💻')).toBe(2)
    expect(fit('爬虫-新闻-中文', 8)).toBe('爬虫-新…')
    expect(textWidth(fit('爬虫-新闻-中文', 8))).toBe(8)
    // a wide character that would straddle the edge is left out, the gap padded
    expect(fit('a爬虫', 4)).toBe('a爬…')
    expect(fit('a爬虫', 3)).toBe('a… ')
    expect(fit('🕷️ spider', 4, 'right')).toBe('🕷️ …')
    expect(padEnd('爬', 4)).toBe('爬  ')
    expect(clip('\x1b[31mred', 5)).toBe('␛[31…')
  })

  it('fit always gives exactly the asked width, whatever the text', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 30 }), (s, w) => {
        const cell = fit(s, w)
        expect(textWidth(cell)).toBe(w)
        expect(cell).not.toMatch(UNSAFE)
        expect(textWidth(clip(s, w))).toBeLessThanOrEqual(w)
      }),
      { numRuns: 500 },
    )
  })
})
