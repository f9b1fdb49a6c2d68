import { HOSTILE_TEXT } from '@jobmeta/emulator'
import fc from 'fast-check'
import stringWidth from 'string-width'
import { describe, expect, it } from 'vitest'
import fastStringWidth from './fast-string-width.ts'

// Characters that join their neighbours into one grapheme cluster, or change a width: combining
// and spacing marks, ZWJ, variation selectors, keycaps, regional indicators, emoji modifiers,
// Hangul jamo, a prepended mark, an Indic conjunct, wide and ambiguous characters, controls.
const JOINERS = [
  '\u0301',
  '\u0903',
  '\u200d',
  '\ufe0f',
  '\ufe0e',
  '\u20e3',
  '\u{1f1fa}',
  '\u{1f1f8}',
  '\u{1f3fd}',
  '\u1100',
  '\u1161',
  '\u11a8',
  '\u0600',
  '\u0915\u094d\u0937',
  '爬',
  '·',
  '…',
  '◌',
  '▶',
  '👩',
  '💻',
  '\x1b',
  '\x9b',
  '[31m',
  '\r\n',
  '\u00ad',
]
const mixed = fc
  .array(fc.oneof(fc.constantFrom(...JOINERS), fc.string({ maxLength: 4 })), { maxLength: 12 })
  .map((parts) => parts.join(''))
const text = fc.oneof(
  mixed,
  fc.constantFrom(...HOSTILE_TEXT),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
)

describe('fastStringWidth', () => {
  it("is string-width's width for any text and options", () => {
    fc.assert(
      fc.property(
        text,
        fc.boolean(),
        fc.boolean(),
        (s, ambiguousIsNarrow, countAnsiEscapeCodes) => {
          const options = { ambiguousIsNarrow, countAnsiEscapeCodes }
          expect(fastStringWidth(s, options)).toBe(stringWidth(s, options))
          expect(fastStringWidth(s)).toBe(stringWidth(s))
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('counts the viewer’s lines like string-width', () => {
    for (const s of [
      '',
      'a',
      '123456/6/30        job-listings       ◌ pending   -      weekly  ',
      'live every 5s · updated just now ',
      '1⃣ keycap, 🇺🇸 flag, 👩‍💻 coder, e\u0301 and 각 (\u1100\u1161\u11a8)',
      '\x1b[31mred\x1b[39m ▶ running',
    ])
      expect(fastStringWidth(s)).toBe(stringWidth(s))
  })
})
