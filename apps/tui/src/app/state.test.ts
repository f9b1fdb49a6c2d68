import type { Key } from 'ink'
import { describe, expect, it } from 'vitest'
import type { Line } from '../lines.ts'
import {
  initialUi,
  rangeOf,
  reduce,
  type UiEvent,
  type UiState,
  type ViewContext,
} from './state.ts'

const NO_KEY = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
} as Key

const ctx = (over: Partial<ViewContext> = {}): ViewContext => ({
  rowKeys: ['1/1/5', '1/2/4', '1/1/3'],
  spiderNames: ['books', 'quotes'],
  lines: () => [] as Line[],
  statGroups: () => [],
  seen: (kind) => (kind === 'spider' ? ['books', 'quotes', 'books'] : ['daily']),
  page: 10,
  tooSmall: false,
  now: 1_000_000_000,
  ...over,
})

const press = (input: string, key: Partial<Key> = {}, c = ctx()): UiEvent => ({
  type: 'key',
  input,
  key: { ...NO_KEY, ...key },
  ctx: c,
})
const run = (s: UiState, ...events: UiEvent[]) => events.reduce(reduce, s)
const start = () => initialUi({ project: 1 })

describe('reduce', () => {
  it('moves the selection by job key and opens that job', () => {
    const s = run(start(), press('j'), press('j'), press('k'))
    expect(s.listKey).toBe('1/2/4')
    // The list changed under the cursor: the key still says which job is selected.
    const moved = ctx({ rowKeys: ['1/9/9', '1/1/5', '1/2/4', '1/1/3'] })
    const opened = run(s, press('', { return: true }, moved))
    expect(opened).toMatchObject({ screen: 'detail', jobKey: '1/2/4' })
    expect(run(opened, press('', { escape: true })).screen).toBe('list')
  })

  it('ignores a stale select from a render older than the last key', () => {
    const s = run(start(), press('j'))
    expect(run(s, { type: 'select', index: 0, key: '1/1/5', was: undefined }).listKey).toBe('1/2/4')
    expect(run(s, { type: 'select', index: 0, key: '1/1/5', was: '1/2/4' }).listKey).toBe('1/1/5')
  })

  it('cycles outcome, time range and sort, and 0 resets the filters', () => {
    let s = run(start(), press('o'), press('o'))
    expect(s.outcome).toEqual(['ok'])
    s = run(s, press('t'), press('t'))
    expect(s.range).toEqual({ label: '24h', since: 1_000_000_000 - 86_400_000 })
    expect(s.sort).toBeUndefined()
    s = run(s, ...Array.from({ length: 3 }, () => press('S', { shift: true })))
    expect(s.sort).toBe('items')
    expect(s.flash?.text).toBe('sorted by items')
    s = run(s, press('0'))
    expect(s).toMatchObject({ outcome: [], range: { label: 'all' }, sort: 'items' })
  })

  it('opens the spiders view and a spider’s jobs with Enter', () => {
    const s = run(start(), press('s'), press('j'))
    expect(s).toMatchObject({ screen: 'spiders', spiderName: 'quotes' })
    expect(run(s, press('', { return: true }))).toMatchObject({ screen: 'list', spider: 'quotes' })
    expect(run(s, press('', { escape: true })).screen).toBe('list')
  })

  it('edits prompts: live text filter, Tab completion, Esc clears a spider filter', () => {
    let s = run(start(), press('/'), press('q'), press('u'))
    expect(s).toMatchObject({ text: 'qu', prompt: { kind: 'filter', value: 'qu' } })
    s = run(s, press('', { backspace: true }), press('', { return: true }))
    expect(s).toMatchObject({ text: 'q', prompt: null })
    s = run(s, press('f'), press('q'), press('', { tab: true }))
    expect(s.prompt).toEqual({ kind: 'spider', value: 'quotes' })
    s = run(s, press('', { return: true }))
    expect(s.spider).toBe('quotes')
    s = run(s, press('f'), press('', { escape: true }))
    expect(s.spider).toBeUndefined()
  })

  it('queues what happens outside the state as effects', () => {
    let s = run(start(), press('y'), press('j'), press('Y', { shift: true }), press('q'))
    expect(s.effects).toEqual([
      { kind: 'copy', text: '1/1/5', what: 'job key' },
      { kind: 'copy', text: 'https://app.zyte.com/p/1/2/4', what: 'dashboard URL' },
      { kind: 'quit' },
    ])
    s = run(s, { type: 'effectsDone', count: 2 })
    expect(s.effects).toEqual([{ kind: 'quit' }])
  })

  it('reports a bad jump until the next key, and only quits while too small', () => {
    let s = run(
      start(),
      press(':'),
      ...[...'1/x'].map((c) => press(c)),
      press('', { return: true }),
    )
    expect(s.error).toBeDefined()
    s = run(s, press('j'))
    expect(s.error).toBeUndefined()
    const small = ctx({ tooSmall: true })
    expect(run(start(), press('', { return: true }, small)).screen).toBe('list')
    expect(run(start(), press('q', {}, small)).effects).toEqual([{ kind: 'quit' }])
  })

  it('jumps to shub-style short keys against the current project', () => {
    const jump = (s: UiState, text: string) =>
      run(s, press(':'), ...[...text].map((c) => press(c)), press('', { return: true }))
    const inSeven = initialUi({ project: 7 })
    // S/J: job 81 of spider 3 in project 7, not project 3
    expect(jump(inSeven, '3/81')).toMatchObject({ project: 7, screen: 'detail', jobKey: '7/3/81' })
    // full keys and projects stay core's parseKey's
    expect(jump(inSeven, '2/3/4')).toMatchObject({ project: 2, jobKey: '2/3/4' })
    expect(jump(inSeven, '12')).toMatchObject({ project: 12, screen: 'list' })
    // a spider name or a target is resolved outside the reducer, then opened (or its error shown)
    const named = jump(inSeven, 'books/5')
    expect(named.screen).toBe('list')
    expect(named.effects).toEqual([
      { kind: 'resolveJob', project: 7, ref: { text: 'books/5', spider: 'books', job: 5 } },
    ])
    expect(jump(inSeven, 'prod/3/4').effects).toEqual([
      {
        kind: 'resolveJob',
        project: 7,
        ref: { text: 'prod/3/4', project: { target: 'prod' }, spider: 3, job: 4 },
      },
    ])
    expect(run(named, { type: 'jumped', key: '7/1/5' })).toMatchObject({
      project: 7,
      screen: 'detail',
      jobKey: '7/1/5',
    })
    const failed = run(named, { type: 'jumpFailed', error: new Error('no spider') })
    expect(failed.error).toEqual(new Error('no spider'))
  })

  it('opens the error overlay with ! and closes overlays on any key', () => {
    const s = run(start(), press('!'))
    expect(s.overlay).toBe('error')
    expect(run(s, press('x')).overlay).toBeNull()
  })

  it('clears only its own flash', () => {
    const s = run(start(), press('p'), press('p'))
    const id = s.flash?.id ?? 0
    expect(run(s, { type: 'flashEnd', id: id - 1 }).flash).toBeDefined()
    expect(run(s, { type: 'flashEnd', id }).flash).toBeUndefined()
  })

  it('starts with the options given', () => {
    const s = initialUi({
      project: 2,
      initialJob: '2/1/1',
      initialOutcome: ['failed'],
      initialRange: { label: 'since 24h', since: 5 },
      initialSort: 'errors',
    })
    expect(s).toMatchObject({
      screen: 'detail',
      jobKey: '2/1/1',
      outcome: ['failed'],
      range: { since: 5 },
      sort: 'errors',
      states: ['pending', 'running', 'finished'],
    })
  })
})

describe('rangeOf', () => {
  it('labels --since/--until relative to now and keeps the epochs for JobQ', () => {
    expect(rangeOf(undefined, undefined, 0)).toEqual({ label: 'all' })
    expect(rangeOf(1000 - 86_400_000, undefined, 1000)).toEqual({
      label: 'since 1d ago',
      since: 1000 - 86_400_000,
    })
    expect(rangeOf(0, 3_600_000, 7_200_000).label).toBe('since 2h ago until 1h ago')
  })
})
