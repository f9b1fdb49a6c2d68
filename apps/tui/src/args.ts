/**
 * Command-line parsing for `jobmeta`: node:util parseArgs driven by one option table (OPTIONS),
 * from which `--help` is generated. Values are parsed once into typed values (numbers, epoch ms,
 * outcomes, job and project references) that the commands use as they are.
 */
import { parseArgs as nodeParseArgs } from 'node:util'
import { JOB_STATES, OUTCOMES } from '@jobmeta/core'
import { exitCodesHelp } from './exit-codes.ts'
import { type ListQuery, SORT_KEYS } from './list-query.ts'
import { markdownTable } from './markdown-table.ts'
import {
  type JobRef,
  type ProjectRef,
  parseJobRef,
  parseProjectRef,
  parseTargetRef,
  type TargetRef,
  tryJobRef,
} from './target.ts'

/** The sub-commands `jobmeta` understands (`ui` is the interactive viewer, the default). */
export type Command = 'ui' | 'get' | 'ls' | 'watch' | 'config' | 'help' | 'version'

/** Options parsed from flags; absent flags stay undefined. */
export interface CliOptions extends ListQuery {
  apikey?: string
  /** The current project for short keys (`S/J`) and lists: an id or a target name. */
  project?: ProjectRef
  storageUrl?: string
  jobqUrl?: string
  /** Seconds between refreshes (viewer and `watch`). */
  interval?: number
  json: boolean
  demo: boolean
  noColor: boolean
  /** Retries of a failed request (0 = none); undefined = the client's default policy. */
  retries?: number
}

/** The result of parsing argv: the command and its typed arguments. */
export type ParsedArgs =
  | { command: 'ui'; target?: TargetRef; options: CliOptions }
  | { command: 'get'; keys: JobRef[]; fields: string[]; options: CliOptions }
  | { command: 'ls'; project?: ProjectRef; options: CliOptions }
  | { command: 'watch'; key: JobRef; options: CliOptions }
  | { command: 'config'; options: CliOptions }
  | { command: 'help'; topic?: Command; options: CliOptions }
  | { command: 'version'; options: CliOptions }

/** Thrown for bad arguments; the CLI prints the reason and a hint, and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** One line of hint printed under a usage error. */
export const USAGE_HINT = 'run jobmeta --help for usage'

/** One option: its flag, value, the commands it applies to, its help line and how its value is read. */
export interface OptionSpec {
  flag: `--${string}`
  short?: string
  /** Name of the value in help (`KEY`); absent for a switch. */
  value?: string
  commands: readonly Command[] | 'all'
  description: string
  /** Stores the value into the options (throws UsageError on a bad value). */
  set: (options: CliOptions, value: string, flag: string, now: number) => void
}

const LISTING: Command[] = ['ui', 'ls']

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

function oneOf<T extends string>(flag: string, allowed: readonly T[], value: string): T[] {
  return list(value).map((p) => {
    if (!(allowed as readonly string[]).includes(p))
      throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${p}")`)
    return p as T
  })
}

function number(flag: string, value: string, check: (n: number) => boolean, what: string): number {
  const n = Number(value)
  if (value.trim() === '' || !check(n)) throw new UsageError(`${flag} must be ${what}`)
  return n
}

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

/**
 * A point in time for `--since`/`--until`: an age (`30m`, `24h`, `7d`, `2w`: that long before
 * now), an ISO date or date-time (UTC unless it names a zone), or epoch seconds or milliseconds.
 */
export function parseTime(value: string, now: number): number | undefined {
  const v = value.trim()
  const age = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(v)
  if (age) return now - Number(age[1]) * (UNIT_MS[age[2] as string] as number)
  if (/^\d{1,16}$/.test(v)) {
    const n = Number(v)
    return n < 1e11 ? n * 1000 : n
  }
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(v)) {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(v) || v.length === 10
    const t = Date.parse(zoned ? v : `${v.replace(' ', 'T')}Z`)
    return Number.isFinite(t) ? t : undefined
  }
  return undefined
}

function time(flag: string, value: string, now: number): number {
  const t = parseTime(value, now)
  if (t === undefined)
    throw new UsageError(
      `${flag} must be an age (30m, 24h, 7d), an ISO date (2026-12-01, 2026-12-01T06:00Z) or epoch time (got "${value}")`,
    )
  return t
}

function asUsage<T>(parse: () => T): T {
  try {
    return parse()
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err))
  }
}

/** Every option, in help order: the parser and `--help` both read this table. */
export const OPTIONS: readonly OptionSpec[] = [
  {
    flag: '--apikey',
    value: 'KEY',
    commands: 'all',
    description: 'Scrapy Cloud API key (else SH_APIKEY, SHUB_APIKEY, scrapinghub.yml apikeys)',
    set: (o, v) => {
      o.apikey = v
    },
  },
  {
    flag: '--project',
    value: 'ID',
    commands: ['ui', 'ls', 'get', 'watch', 'config'],
    description: 'current project for S/J keys and lists: an id or a scrapinghub.yml target name',
    set: (o, v) => {
      o.project = asUsage(() => parseProjectRef(v))
    },
  },
  {
    flag: '--storage-url',
    value: 'URL',
    commands: 'all',
    description: 'storage API base URL (else SHUB_STORAGE)',
    set: (o, v) => {
      o.storageUrl = v
    },
  },
  {
    flag: '--jobq-url',
    value: 'URL',
    commands: 'all',
    description: 'JobQ API base URL (else SHUB_JOBQ, else the storage URL)',
    set: (o, v) => {
      o.jobqUrl = v
    },
  },
  {
    flag: '--state',
    value: 'S',
    commands: LISTING,
    description: `${JOB_STATES.join(', ')} (repeatable or comma-separated)`,
    set: (o, v, f) => {
      o.state.push(...oneOf(f, JOB_STATES, v))
    },
  },
  {
    flag: '--outcome',
    value: 'O',
    commands: LISTING,
    description: `${OUTCOMES.join(', ')} (repeatable or comma-separated)`,
    set: (o, v, f) => {
      o.outcome.push(...oneOf(f, OUTCOMES, v))
    },
  },
  {
    flag: '--since',
    value: 'T',
    commands: LISTING,
    description: 'jobs whose state began at or after T: 30m, 24h, 7d, an ISO date (UTC), epoch',
    set: (o, v, f, now) => {
      o.since = time(f, v, now)
    },
  },
  {
    flag: '--until',
    value: 'T',
    commands: LISTING,
    description: 'jobs whose state began before T (same forms as --since)',
    set: (o, v, f, now) => {
      o.until = time(f, v, now)
    },
  },
  {
    flag: '--spider',
    value: 'NAME',
    commands: LISTING,
    description: 'only jobs of this spider',
    set: (o, v) => {
      o.spider = v
    },
  },
  {
    flag: '--tag',
    value: 'T',
    commands: LISTING,
    description: 'only jobs with this tag (repeatable: any of them)',
    set: (o, v) => {
      o.tag.push(...list(v))
    },
  },
  {
    flag: '--sort',
    value: 'KEY',
    commands: LISTING,
    description: `${SORT_KEYS.join(', ')} (largest or newest first)`,
    set: (o, v, f) => {
      const [key] = oneOf(f, SORT_KEYS, v)
      if (key) o.sort = key
    },
  },
  {
    flag: '--count',
    value: 'N',
    commands: LISTING,
    description: 'at most N matching jobs (default 50)',
    set: (o, v, f) => {
      o.count = number(f, v, (n) => Number.isInteger(n) && n > 0, 'a positive integer')
    },
  },
  {
    flag: '--interval',
    value: 'S',
    commands: ['ui', 'watch'],
    description: 'seconds between refreshes (default 5)',
    set: (o, v, f) => {
      o.interval = number(f, v, (n) => Number.isFinite(n) && n > 0, 'a positive number')
    },
  },
  {
    flag: '--json',
    commands: ['ui', 'get', 'ls', 'watch', 'config'],
    description: 'machine-readable output: JSON lines (get: one per job, ls, watch), JSON (config)',
    set: (o) => {
      o.json = true
    },
  },
  {
    flag: '--retries',
    value: 'N',
    commands: 'all',
    description: 'retries of a failed request (default 3 with backoff; viewer 1)',
    set: (o, v, f) => {
      o.retries = number(f, v, (n) => Number.isInteger(n) && n >= 0, '0 or more')
    },
  },
  {
    flag: '--demo',
    commands: 'all',
    description: 'use the built-in demo emulator even when a key is configured',
    set: (o) => {
      o.demo = true
    },
  },
  {
    flag: '--no-color',
    commands: 'all',
    description: 'no colours (also NO_COLOR=1)',
    set: (o) => {
      o.noColor = true
    },
  },
  {
    flag: '--help',
    short: 'h',
    commands: 'all',
    description: 'this help',
    set: () => {},
  },
  {
    flag: '--version',
    short: 'V',
    commands: 'all',
    description: 'print the version',
    set: () => {},
  },
]

const BY_NAME = new Map(OPTIONS.map((o) => [o.flag.slice(2), o]))
const SUBCOMMANDS = new Set<Command>(['get', 'ls', 'watch', 'config', 'help'])

function where(command: Command): string {
  return command === 'ui' ? 'the viewer' : command
}

/** Parses `process.argv.slice(2)`; throws UsageError with a one-line reason on bad input. */
export function parseArgs(argv: readonly string[], now: number = Date.now()): ParsedArgs {
  const options: CliOptions = {
    json: false,
    state: [],
    tag: [],
    outcome: [],
    demo: false,
    noColor: false,
  }
  const { tokens } = nodeParseArgs({
    args: [...argv],
    options: Object.fromEntries(
      OPTIONS.map((o) => [
        o.flag.slice(2),
        { type: o.value ? 'string' : 'boolean', ...(o.short ? { short: o.short } : {}) },
      ]),
    ) as NonNullable<Parameters<typeof nodeParseArgs>[0]>['options'],
    strict: false,
    allowPositionals: true,
    tokens: true,
  })
  let command: Command = 'ui'
  const positionals: string[] = []
  const seen: OptionSpec[] = []
  let help = false
  let version = false
  for (const token of tokens) {
    if (token.kind === 'positional') {
      if (command === 'ui' && positionals.length === 0 && SUBCOMMANDS.has(token.value as Command))
        command = token.value as Command
      else positionals.push(token.value)
      continue
    }
    if (token.kind !== 'option') continue
    const spec = BY_NAME.get(token.name)
    // a short alias parseArgs does not know arrives as its letters
    if (!spec || (token.rawName.length === 2 && !spec.short))
      throw new UsageError(`unknown option ${token.rawName}`)
    if (spec.flag === '--help') help = true
    if (spec.flag === '--version') version = true
    if (!spec.value) {
      if (token.value !== undefined) throw new UsageError(`${spec.flag} takes no value`)
    } else {
      const value = token.value
      if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('-')))
        throw new UsageError(`${spec.flag} needs a value (${spec.flag} ${spec.value})`)
      spec.set(options, value, spec.flag, now)
    }
    if (!spec.value) spec.set(options, '', spec.flag, now)
    seen.push(spec)
  }

  if (help || command === 'help') {
    const topic = command === 'help' ? positionals[0] : command
    if (topic !== undefined && topic !== 'ui' && !SUBCOMMANDS.has(topic as Command))
      throw new UsageError(`no help on "${topic}": commands are get, ls, watch, config`)
    return topic === undefined || topic === 'ui'
      ? { command: 'help', options }
      : { command: 'help', topic: topic as Command, options }
  }
  if (version) return { command: 'version', options }

  for (const spec of seen) {
    if (spec.commands !== 'all' && !spec.commands.includes(command))
      throw new UsageError(`${spec.flag} does not apply to ${where(command)}`)
  }
  if (options.since !== undefined && options.until !== undefined && options.since >= options.until)
    throw new UsageError('--since must be earlier than --until')
  return typed(command, positionals, options)
}

function typed(command: Command, positionals: string[], options: CliOptions): ParsedArgs {
  const n = positionals.length
  const extra = (i: number) => new UsageError(`unexpected argument "${positionals[i]}"`)
  switch (command) {
    case 'get': {
      if (n < 1) throw new UsageError('get needs a job key, e.g. jobmeta get 123/4/567')
      // keys first, then fields; a stat name with '/' is a field (scrapystats.log_count/ERROR)
      const keys: JobRef[] = []
      let i = 0
      for (; i < n; i++) {
        const text = positionals[i] as string
        const ref = text.startsWith('scrapystats.') ? undefined : tryJobRef(text)
        if (!ref) break
        keys.push(ref)
      }
      if (keys.length === 0) keys.push(asUsage(() => parseJobRef(positionals[0] as string)))
      return { command, keys, fields: positionals.slice(i), options }
    }
    case 'ls':
      if (n > 1) throw extra(1)
      return n === 1
        ? { command, project: asUsage(() => parseProjectRef(positionals[0] as string)), options }
        : { command, options }
    case 'watch':
      if (n !== 1) throw new UsageError('watch needs exactly one job key')
      return { command, key: asUsage(() => parseJobRef(positionals[0] as string)), options }
    case 'config':
      if (n > 0) throw extra(0)
      return { command, options }
    default:
      if (n > 1) throw extra(1)
      return n === 1
        ? {
            command: 'ui',
            target: asUsage(() => parseTargetRef(positionals[0] as string)),
            options,
          }
        : { command: 'ui', options }
  }
}

function optionLine(o: OptionSpec): string {
  const names = `${o.short ? `-${o.short}, ` : ''}${o.flag}${o.value ? ` ${o.value}` : ''}`
  const applies =
    o.commands === 'all'
      ? ''
      : ` [${o.commands.map((c) => (c === 'ui' ? 'viewer' : c)).join(', ')}]`
  return `  ${names.padEnd(22)}${o.description}${applies}`
}

/** The option lines of `--help`, generated from OPTIONS. */
export function optionsHelp(): string {
  return OPTIONS.map(optionLine).join('\n')
}

/** The option table as the README's Markdown table (a test compares it verbatim). */
export function optionsMarkdown(): string {
  const rows = OPTIONS.map((o) => [
    `${o.short ? `\`-${o.short}\`, ` : ''}\`${o.flag}${o.value ? ` ${o.value}` : ''}\``,
    o.commands === 'all'
      ? 'all'
      : o.commands.map((c) => (c === 'ui' ? 'viewer' : `\`${c}\``)).join(', '),
    o.description.replace(/\|/g, '\\|'),
  ])
  return markdownTable(['flag', 'commands', 'meaning'], rows)
}

/** The usage text printed by `--help`. */
export function usage(): string {
  return `Usage:
  jobmeta [TARGET] [options]               interactive viewer (list or job detail)
  jobmeta [TARGET] --json                  print the list (JSON lines) or the job (JSON) once
  jobmeta get KEY... [FIELD...] [--json]   print jobs' metadata, or named fields one per line
  jobmeta ls [PROJECT] [filters] [--json]  list jobs as a table (or JSON lines)
  jobmeta watch KEY [--interval S] [--json]
                                           print progress until the job finishes
  jobmeta config                           show which key, endpoints and project are in use

KEY is P/S/J, S/J or SPIDER/J (in the current or default project), TARGET/S/J, or a dashboard
URL (https://app.zyte.com/p/123/4/567). PROJECT is an id or a scrapinghub.yml target name;
TARGET is a KEY or a PROJECT. FIELD is a metadata field (state, close_reason, ...) or
scrapystats.NAME (scrapystats.item_scraped_count).

Options:
${optionsHelp()}

Without an API key jobmeta starts a built-in emulator with a simulated demo project.

Exit codes:
${exitCodesHelp()}
`
}

/** The usage text (kept as a constant for callers that print it). */
export const USAGE = usage()
