import { describe, expect, it } from 'vitest'
import { parseArgs, UsageError } from './args.ts'

describe('parseArgs', () => {
  it('defaults to the viewer with an optional target', () => {
    expect(parseArgs([])).toMatchObject({ command: 'ui', positionals: [] })
    expect(parseArgs(['123/4/5', '--interval', '2'])).toMatchObject({
      command: 'ui',
      positionals: ['123/4/5'],
      options: { interval: 2 },
    })
  })

  it('parses sub-commands, repeatable and comma lists, and --flag=value', () => {
    const p = parseArgs([
      'ls',
      '12',
      '--state',
      'running,finished',
      '--state=pending',
      '--tag',
      'a',
    ])
    expect(p.command).toBe('ls')
    expect(p.positionals).toEqual(['12'])
    expect(p.options.state).toEqual(['running', 'finished', 'pending'])
    expect(p.options.tag).toEqual(['a'])
    expect(parseArgs(['get', '1/2/3', 'state', 'scrapystats.x', '--json']).options.json).toBe(true)
  })

  it('handles --help and --version anywhere', () => {
    expect(parseArgs(['--version']).command).toBe('version')
    expect(parseArgs(['ls', '-h'])).toMatchObject({ command: 'help', positionals: ['ls'] })
    expect(parseArgs(['get', '--help']).command).toBe('help')
  })

  it.each([
    [['--nope'], /unknown option --nope/],
    [['ls', '--count', '0'], /positive integer/],
    [['ls', '--count'], /needs a value/],
    [['ls', '--state', 'done'], /--state must be one of/],
    [['get'], /needs a job key/],
    [['watch', '1/2/3', '4/5/6'], /exactly one/],
    [['a', 'b'], /unexpected argument "b"/],
    [['--count', '3'], /does not apply to the viewer/],
    [['watch', '1/2/3', '--json'], /does not apply to watch/],
    [['watch', '1/2/3', '--count', '3'], /does not apply to watch/],
    [['--demo=1'], /takes no value/],
    [['--interval', 'x'], /positive number/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError)
    expect(() => parseArgs(argv)).toThrow(message)
  })

  it('treats everything after -- as positional', () => {
    expect(parseArgs(['get', '--', '1/2/3', '--json'])).toMatchObject({
      positionals: ['1/2/3', '--json'],
      options: { json: false },
    })
  })
})
