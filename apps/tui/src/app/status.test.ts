import { NetworkError } from '@jobmeta/core'
import { describe, expect, it } from 'vitest'
import { listInfo, retryNote, statusOf, updatedNote } from './status.ts'

const base = { prompt: null, offered: [], now: 100_000, info: '5 jobs loaded' }

describe('statusOf', () => {
  it('puts a prompt before an error, an error before a flash, a flash before info', () => {
    const error = new NetworkError('down')
    expect(statusOf({ ...base, prompt: { kind: 'tag', value: 'da' }, error }).kind).toBe('prompt')
    expect(statusOf({ ...base, error, flash: 'copied' }).kind).toBe('error')
    expect(statusOf({ ...base, flash: 'copied' })).toEqual({ kind: 'flash', text: 'copied' })
    expect(statusOf(base)).toEqual({ kind: 'info', text: '5 jobs loaded' })
  })
  it('says when a failed load is tried again', () => {
    const s = statusOf({ ...base, error: new NetworkError('down'), nextTryAt: 108_000 })
    expect(s.kind === 'error' && s.message).toMatch(/ · retrying in 8s$/)
    expect(retryNote(undefined, 0)).toBe('')
    expect(retryNote(100, 100)).toBe(' · retrying…')
  })
})

describe('listInfo and updatedNote', () => {
  it('counts loaded, shown and matching jobs', () => {
    const o = { loading: false, loaded: 12_000, shown: 3, exhausted: false, loadingMore: false }
    expect(listInfo({ ...o, text: '', narrowed: false })).toBe('12,000 jobs loaded (more below)')
    expect(listInfo({ ...o, text: 'x', narrowed: true })).toBe(
      '3 match "x" · 12,000 jobs loaded (more below)',
    )
    expect(listInfo({ ...o, text: '', narrowed: true })).toBe(
      '3 shown · 12,000 jobs loaded (more below)',
    )
    expect(listInfo({ ...o, loading: true, text: '', narrowed: false })).toBe('loading jobs…')
  })
  it("uses core's relative time, and says when nothing is loaded", () => {
    expect(updatedNote(undefined, 0)).toBe('not loaded yet')
    expect(updatedNote(0, 12_000)).toBe('updated 12s ago')
  })
})
