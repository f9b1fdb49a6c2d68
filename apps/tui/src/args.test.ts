import { readFileSync } from 'node:fs'
import { JOB_STATES, OUTCOMES } from '@jobmeta/core'
import { describe, expect, it } from 'vitest'
import {
  OPTIONS,
  optionsHelp,
  optionsMarkdown,
  parseArgs,
  parseTime,
  UsageError,
  usage,
} from './args.ts'

const NOW = Date.UTC(2026, 11, 1, 6, 0, 0)

describe('parseArgs', () => {
  it('defaults to the viewer with an optional typed target', () => {
    expect(parseArgs([])).toEqual({ command: 'ui', options: expect.any(Object) })
    expect(parseArgs(['123/4/5', '--interval', '2'])).toMatchObject({
      command: 'ui',
      target: { kind: 'job', job: { project: { id: 123 }, spider: 4, job: 5 } },
      options: { interval: 2 },
    })
    // shub-style: S/J in the default project, not project 3 spider 81
    expect(parseArgs(['3/81'])).toMatchObject({
      target: { kind: 'job', job: { spider: 3, job: 81 } },
    })
    expect(parseArgs(['3/81'])).not.toHaveProperty('target.job.project')
    expect(parseArgs(['prod'])).toMatchObject({
      target: { kind: 'project', project: { target: 'prod' } },
    })
    expect(parseArgs(['77'])).toMatchObject({ target: { kind: 'project', project: { id: 77 } } })
  })

  it('parses sub-commands, repeatable and comma lists, and --flag=value, once, into typed values', () => {
    const p = parseArgs(
      [
        'ls',
        '12',
        '--state',
        'running,finished',
        '--state=pending',
        '--tag',
        'a',
        '--outcome',
        'failed,cancelled',
        '--outcome=limit',
        '--since',
        '24h',
        '--until',
        '2026-12-01T05:00',
        '--sort',
        'items',
        '--count',
        '7',
      ],
      NOW,
    )
    expect(p).toMatchObject({ command: 'ls', project: { id: 12 } })
    expect(p.options).toMatchObject({
      state: ['running', 'finished', 'pending'],
      tag: ['a'],
      outcome: ['failed', 'cancelled', 'limit'],
      since: NOW - 24 * 3_600_000,
      until: NOW - 3_600_000,
      sort: 'items',
      count: 7,
    })
    expect(parseArgs(['ls', 'prod'])).toMatchObject({ project: { target: 'prod' } })
  })

  it('get: several keys (every shub form), then fields; a stat name with / is a field', () => {
    const p = parseArgs([
      'get',
      '1/2/3',
      '4/5',
      'books/6',
      'prod/7/8',
      'https://app.zyte.com/p/9/10/11',
      'state',
      'scrapystats.log_count/ERROR',
      'scrapystats.downloader/response_status_count/200',
    ])
    if (p.command !== 'get') throw new Error(p.command)
    expect(p.keys.map((k) => [k.project, k.spider, k.job])).toEqual([
      [{ id: 1 }, 2, 3],
      [undefined, 4, 5],
      [undefined, 'books', 6],
      [{ target: 'prod' }, 7, 8],
      [{ id: 9 }, 10, 11],
    ])
    expect(p.fields).toEqual([
      'state',
      'scrapystats.log_count/ERROR',
      'scrapystats.downloader/response_status_count/200',
    ])
    expect(parseArgs(['watch', 'books/6'])).toMatchObject({ key: { spider: 'books', job: 6 } })
  })

  it('handles --help and --version anywhere', () => {
    expect(parseArgs(['--version']).command).toBe('version')
    expect(parseArgs(['ls', '-h'])).toMatchObject({ command: 'help', topic: 'ls' })
    expect(parseArgs(['get', '--help']).command).toBe('help')
    expect(parseArgs(['help'])).toEqual({ command: 'help', options: expect.any(Object) })
  })

  it("accepts exactly core's states for --state and core's outcomes for --outcome", () => {
    const p = parseArgs(['ls', '--state', JOB_STATES.join(','), '--outcome', OUTCOMES.join(',')])
    expect(p.options).toMatchObject({ state: [...JOB_STATES], outcome: [...OUTCOMES] })
    expect(() => parseArgs(['ls', '--state', 'done'])).toThrow(JOB_STATES.join(', '))
    expect(() => parseArgs(['ls', '--outcome', 'done'])).toThrow(OUTCOMES.join(', '))
  })

  it.each([
    [['--nope'], /^unknown option --nope$/],
    [['-x'], /unknown option -x/],
    [['ls', '--count', '0'], /positive integer/],
    [['ls', '--count'], /needs a value/],
    [['ls', '--state', 'done'], /--state must be one of/],
    [['ls', '--outcome', 'bad'], /--outcome must be one of pending, running, ok, failed/],
    [['ls', '--sort', 'name'], /--sort must be one of started, finished, items/],
    [['ls', '--since', 'yesterday'], /--since must be an age/],
    [['ls', '--since', '1h', '--until', '2h'], /--since must be earlier than --until/],
    [['get'], /needs a job key/],
    [['get', 'x/y/z'], /invalid job key/],
    [['watch', '1/2/3', '4/5/6'], /exactly one/],
    [['a', 'b'], /unexpected argument "b"/],
    [['1/x/3'], /invalid target/],
    [['ls', '1/2/3'], /invalid project/],
    [['--count', '3', 'get', '1/2/3'], /does not apply to get/],
    [['watch', '1/2/3', '--count', '3'], /does not apply to watch/],
    [['config', 'x'], /unexpected argument "x"/],
    [['--demo=1'], /takes no value/],
    [['--interval', 'x'], /positive number/],
  ])('rejects %j with one line', (argv, message) => {
    expect(() => parseArgs(argv, NOW)).toThrow(UsageError)
    expect(() => parseArgs(argv, NOW)).toThrow(message)
    try {
      parseArgs(argv, NOW)
    } catch (err) {
      expect((err as Error).message).not.toContain('\n')
    }
  })

  it('treats everything after -- as positional', () => {
    expect(parseArgs(['get', '--', '1/2/3', '--json'])).toMatchObject({
      fields: ['--json'],
      options: { json: false },
    })
  })
})

describe('parseTime', () => {
  it.each([
    ['30m', NOW - 30 * 60_000],
    ['24h', NOW - 86_400_000],
    ['7d', NOW - 7 * 86_400_000],
    ['2w', NOW - 14 * 86_400_000],
    ['2026-11-30', Date.UTC(2026, 10, 30)],
    ['2026-11-30T22:15', Date.UTC(2026, 10, 30, 22, 15)],
    ['2026-11-30T22:15:00+01:00', Date.UTC(2026, 10, 30, 21, 15)],
    ['1764540000', 1_764_540_000_000],
    ['1764540000123', 1_764_540_000_123],
  ])('%s', (text, expected) => {
    expect(parseTime(text, NOW)).toBe(expected)
  })

  it('refuses what it cannot read', () => {
    for (const t of ['', 'now', '5y', '2026-13-45', '12:00'])
      expect(parseTime(t, NOW)).toBeUndefined()
  })
})

describe('help', () => {
  it('is generated from the option table: every flag, its value and its commands', () => {
    const help = usage()
    for (const o of OPTIONS) {
      expect(help).toContain(`${o.flag}${o.value ? ` ${o.value}` : ''}`)
      expect(help).toContain(o.description)
    }
    expect(optionsHelp().split('\n')).toHaveLength(OPTIONS.length)
    expect(help).toContain('--outcome O')
    expect(help).toMatch(/--count N\s+at most N matching jobs \(default 50\) \[viewer, ls\]/)
  })

  it('is the README flag table, verbatim', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    expect(readme).toContain(`\n${optionsMarkdown()}\n`)
    for (const o of OPTIONS) expect(readme).toContain(`\`${o.flag}`)
  })
})
