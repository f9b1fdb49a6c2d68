import { HOSTILE_TEXT, OSC52_CLIPBOARD } from '@jobmeta/emulator'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { safeBlock, safeText, safeValue, terminalJson } from './text.ts'

/** What a terminal must never receive from server text. */
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/
const text = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXT),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
)

describe('safeText', () => {
  it('shows escape sequences, controls, DEL, C1 and bidi characters visibly', () => {
    expect(safeText(OSC52_CLIPBOARD)).toBe('␛]52;c;cHduZWQgYnkgc3BpZGVy␇')
    expect(safeText('\x1b[2J\x1b[31mred')).toBe('␛[2J␛[31mred')
    expect(safeText('a\nb\tc\rd\x00')).toBe('a␊b␉c␍d␀')
    expect(safeText('del\x7f')).toBe('del␡')
    expect(safeText('csi\u009b31m')).toBe('csi\\x9b31m')
    expect(safeText('\u202Egnp.exe \u2066x\u2069 \u200F')).toBe(
      '\\u202egnp.exe \\u2066x\\u2069 \\u200f',
    )
    expect(safeText('lone \ud800 pair \ud83d\ude00')).toBe('lone \\ud800 pair \ud83d\ude00')
  })

  it('keeps printable text, CJK, emoji and ZWJ sequences as they are', () => {
    for (const s of ['plain text', '爬虫-新闻', '🕷️ spider 👩‍💻', 'café'])
      expect(safeText(s)).toBe(s)
  })

  it('never lets an unsafe character through, and is idempotent', () => {
    fc.assert(
      fc.property(text, (s) => {
        const safe = safeText(s)
        expect(safe).not.toMatch(UNSAFE)
        expect(safeText(safe)).toBe(safe)
        expect(safeBlock(s)).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/)
      }),
      { numRuns: 500 },
    )
  })

  it('keeps newlines and tabs in whole outputs only', () => {
    expect(safeBlock('a\nb\tc\x1b[0m')).toBe('a\nb\tc␛[0m')
  })

  it('turns any value into one safe line', () => {
    expect(safeValue({ a: '\x1b' })).toBe('{"a":"\\u001b"}')
    expect(safeValue(['\u009b'])).toBe('["\\x9b"]')
    expect(safeValue(3)).toBe('3')
    expect(safeValue(undefined)).toBe('')
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(safeValue(cyclic)).toBe('[object Object]')
  })
})

describe('terminalJson', () => {
  it('escapes DEL, C1 and bidi characters; any JSON parser reads the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), text, (v, s) => {
        const value = { v, s }
        const json = terminalJson(value, 2)
        expect(json).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]/)
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(value)))
      }),
      { numRuns: 300 },
    )
  })
})
