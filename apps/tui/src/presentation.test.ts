import {
  groupStats,
  JobNotFoundError,
  NetworkError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from '@jobmeta/core'
import { describe, expect, it } from 'vitest'
import { histogramLines } from './detail-lines.ts'
import { EXIT, exitCodeForOutcome } from './exit-codes.ts'
import { explainError } from './explain-error.ts'
import { columnsFor, headerLine, rowLine } from './job-row.ts'
import { humanStat, statsLines } from './stats-lines.ts'
import { colorsEnabled, createTheme } from './theme.ts'

describe('job table columns', () => {
  it('uses the full width and drops tags, then requests, on narrow terminals', () => {
    for (const width of [80, 100, 120, 200]) {
      const cols = columnsFor(width)
      expect(headerLine(cols).length, `width ${width}`).toBeLessThanOrEqual(width)
      expect(cols[0]?.id).toBe('key')
    }
    expect(columnsFor(120).map((c) => c.id)).toContain('tags')
    expect(columnsFor(80).map((c) => c.id)).not.toContain('tags')
  })

  it('renders a row with a dash for what a row cannot know', () => {
    const line = rowLine(
      { key: '1/2/3', state: 'pending', ts: 0, elapsed: 0 } as never,
      columnsFor(120),
      0,
    )
    expect(line).toMatch(/^1\/2\/3\s+-\s+pending\s+-\s+-\s+-\s+-\s+-\s+-/)
  })

  it('lays out by priority: S/J keys inside a project before dropping close reason, errors, tags', () => {
    const ids = (w: number, inProject = true) =>
      columnsFor(w, { inProject, outcome: true }).map((c) => c.id)
    expect(ids(80)).toEqual([
      'key',
      'spider',
      'outcome',
      'close_reason',
      'items',
      'errors',
      'runtime',
    ])
    expect(columnsFor(80, { inProject: true, outcome: true })[0]?.width).toBe(10)
    expect(ids(80, false)).not.toContain('errors')
    expect(ids(110)).toContain('tags')
    expect(columnsFor(110, { inProject: true, outcome: true })[0]?.width).toBe(18)
  })

  it('gives the spare width of wide terminals to spider, close reason and tags', () => {
    for (const width of [80, 120, 200, 300]) {
      const cols = columnsFor(width, { inProject: true })
      expect(headerLine(cols).length, `width ${width}`).toBe(width)
    }
    const narrow = columnsFor(120)
    const wide = columnsFor(200)
    const w = (cs: typeof wide, id: string) => cs.find((c) => c.id === id)?.width ?? 0
    expect(w(wide, 'spider')).toBeGreaterThan(w(narrow, 'spider') + 20)
    expect(w(wide, 'close_reason')).toBeGreaterThan(w(narrow, 'close_reason') + 20)
    expect(w(wide, 'key')).toBe(w(narrow, 'key'))
  })

  it('shows - for a missing or zero time, never "20788d ago"', () => {
    const now = Date.UTC(2026, 10, 29)
    const cols = columnsFor(200)
    const line = (extra: object) =>
      rowLine({ key: '1/2/3', state: 'finished', ts: 0, ...extra } as never, cols, now)
    expect(line({ finished_time: 0 })).not.toMatch(/\d+d ago/)
    expect(line({ finished_time: 0 })).toMatch(/\s-\s/)
    expect(line({ finished_time: now - 3_600_000 })).toContain('1h ago')
  })

  it('shows every outcome as a symbol and a word (never colour alone)', () => {
    const cols = columnsFor(120, { outcome: true })
    const line = (close_reason: string) =>
      rowLine({ key: '1/2/3', state: 'finished', close_reason } as never, cols, 0)
    expect(line('memusage_exceeded')).toContain('✖ failed')
    expect(line('finished')).toContain('✔ ok')
    expect(line('cancelled')).toContain('⊘ cancelled')
  })
})

describe('stats', () => {
  it('shows human units', () => {
    expect(humanStat('downloader/response_bytes', 1866)).toBe('1.8 KiB')
    expect(humanStat('memusage/max', 72433664)).toBe('69.1 MiB')
    expect(humanStat('elapsed_time_seconds', 3.211014)).toBe('3.2s')
    expect(humanStat('item_scraped_count', 12345)).toBe('12,345')
    expect(humanStat('finish_reason', 'finished')).toBe('finished')
    expect(humanStat('finish_time', 1566311822568)).toMatch(
      /^2019-08-\d\d \d\d:\d\d:\d\d UTC([+-]\d\d:\d\d)?$/,
    )
  })

  it('folds groups and filters by full name', () => {
    const tree = groupStats({
      item_scraped_count: 1,
      'downloader/request_count': 2,
      'downloader/response_status_count/200': 3,
      'log_count/INFO': 4,
    })
    const open = statsLines(tree, new Set()).map((l) => l.text.trim())
    expect(open).toEqual([
      'item_scraped_count  1',
      '▾ downloader/ (2)',
      'request_count  2',
      '▾ response_status_count/ (1)',
      '200       3',
      '▾ log_count/ (1)',
      'INFO      4',
    ])
    const folded = statsLines(tree, new Set(['downloader'])).map((l) => l.text.trim())
    expect(folded).toContain('▸ downloader/ (2)')
    expect(folded).not.toContain('request_count  2')
    const filtered = statsLines(tree, new Set(['downloader']), 'status').map((l) => l.text.trim())
    expect(filtered).toEqual(['▾ downloader/ (2)', '▾ response_status_count/ (1)', '200       3'])
  })

  it('draws histogram bars proportional to the counts', () => {
    const lines = histogramLines({ '200': 100, '404': 50, '503': 1 }, 10)
    expect(lines.map((l) => l.text.match(/█+/)?.[0].length)).toEqual([10, 5, 1])
    expect(lines.map((l) => l.tone)).toEqual(['ok', 'warn', 'error'])
  })
})

describe('errors and exit codes', () => {
  it('says what happened and what to do, without secrets', () => {
    expect(explainError(new UnauthorizedError('Unauthorized', { status: 401 })).hint).toContain(
      '--apikey',
    )
    expect(explainError(new JobNotFoundError('x')).message).toContain('job not found')
    expect(explainError(new NetworkError('x', { url: 'http://h:1/jobs' })).message).toContain(
      'cannot reach h:1',
    )
    expect(explainError(new TimeoutError('x')).hint).toContain('retry')
    expect(
      explainError(new ServerError('503 Service Unavailable', { status: 503 })).message,
    ).toContain('503')
    expect(explainError('boom').message).toBe('boom')
  })

  it('tells command users what to do without mentioning the viewer keys', () => {
    const errors = [
      new JobNotFoundError('x'),
      new NetworkError('x', { url: 'http://h:1/jobs' }),
      new TimeoutError('x'),
      new RateLimitedError('x', { status: 429 }),
      new ServerError('503 Service Unavailable', { status: 503 }),
      new Error('boom'),
    ]
    for (const err of errors) {
      expect(explainError(err, 'command').hint).not.toMatch(/press|\bkey [r:]/)
      expect(explainError(err, 'viewer').hint).toMatch(/press [r:]/)
    }
    expect(explainError(new TimeoutError('x'), 'command').hint).toContain('try again')
  })

  it('maps outcomes to watch exit codes', () => {
    expect(exitCodeForOutcome('ok')).toBe(EXIT.ok)
    expect(exitCodeForOutcome('failed')).toBe(3)
    expect(exitCodeForOutcome('cancelled')).toBe(4)
    expect(exitCodeForOutcome('limit')).toBe(5)
    expect(exitCodeForOutcome('unknown')).toBe(6)
  })
})

describe('colours', () => {
  it('turns colours off with NO_COLOR or --no-color', () => {
    expect(colorsEnabled({}, false)).toBe(true)
    expect(colorsEnabled({ NO_COLOR: '1' }, false)).toBe(false)
    expect(colorsEnabled({ NO_COLOR: '' }, false)).toBe(true)
    expect(colorsEnabled({}, true)).toBe(false)
    expect(createTheme(false).outcome('failed')).toBeUndefined()
    expect(createTheme(true).outcome('failed')).toBe('red')
  })
})
