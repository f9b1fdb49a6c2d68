import type { Key } from 'ink'
import { describe, expect, it } from 'vitest'
import { completionHint, completions, editPrompt } from './prompt.ts'

const key = (over: Partial<Key> = {}) => ({ ctrl: false, meta: false, ...over }) as Key

describe('editPrompt', () => {
  it('types, deletes, clears, commits trimmed and cancels', () => {
    expect(editPrompt('ab', 'c', key())).toEqual({ kind: 'edit', value: 'abc' })
    expect(editPrompt('ab', '', key({ backspace: true }))).toEqual({ kind: 'edit', value: 'a' })
    expect(editPrompt('ab', 'u', key({ ctrl: true }))).toEqual({ kind: 'edit', value: '' })
    expect(editPrompt(' ab ', '', key({ return: true }))).toEqual({ kind: 'commit', value: 'ab' })
    expect(editPrompt('ab', '', key({ escape: true }))).toEqual({ kind: 'cancel' })
    expect(editPrompt('ab', '', key({ tab: true }))).toEqual({ kind: 'complete' })
    expect(editPrompt('ab', 'c', key({ ctrl: true }))).toEqual({ kind: 'quit' })
  })
  it('refuses control characters', () => {
    expect(editPrompt('a', '\x1b[31m', key())).toEqual({ kind: 'ignore' })
    expect(editPrompt('a', '\x7f', key())).toEqual({ kind: 'ignore' })
  })
})

describe('completions', () => {
  it('offers distinct values starting with the typed text, case-insensitive, sorted', () => {
    expect(completions(['quotes', 'Books', 'books', 'quotes'], 'B')).toEqual(['Books', 'books'])
    expect(completionHint(['a', 'b'])).toBe('  Tab: a b')
    expect(completionHint(['1', '2', '3', '4', '5', '6', '7'])).toBe('  Tab: 1 2 3 4 5 6 …')
    expect(completionHint([])).toBe('')
  })
})
