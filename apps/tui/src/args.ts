/** Command-line parsing for `jobmeta`: a small hand-written parser, no dependencies. */
import { parseJobKey, parseKey } from '@jobmeta/core'
import { exitCodesHelp } from './exit-codes.ts'

/** The sub-commands `jobmeta` understands (`ui` is the interactive viewer, the default). */
export type Command = 'ui' | 'get' | 'ls' | 'watch' | 'help' | 'version'

/** Job states accepted by `--state`. */
export const STATE_NAMES = ['pending', 'running', 'finished', 'deleted'] as const

/** Options parsed from flags; absent flags stay undefined. */
export interface CliOptions {
  apikey?: string
  project?: string
  storageUrl?: string
  jobqUrl?: string
  /** Seconds between refreshes (viewer and `watch`). */
  interval?: number
  json: boolean
  state: string[]
  spider?: string
  tag: string[]
  count?: number
  demo: boolean
  noColor: boolean
  /** Retries of a failed request (0 = none); undefined = the client's default policy. */
  retries?: number
}

/** The result of parsing argv. */
export interface ParsedArgs {
  command: Command
  positionals: string[]
  options: CliOptions
}

/** Thrown for bad arguments; the CLI prints usage and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

type FlagSpec = {
  key: keyof CliOptions
  kind: 'string' | 'number' | 'int' | 'count' | 'boolean' | 'list'
  commands: Command[] | 'all'
}

const FLAGS: Record<string, FlagSpec> = {
  '--apikey': { key: 'apikey', kind: 'string', commands: 'all' },
  '--project': { key: 'project', kind: 'string', commands: ['ui', 'ls'] },
  '--storage-url': { key: 'storageUrl', kind: 'string', commands: 'all' },
  '--jobq-url': { key: 'jobqUrl', kind: 'string', commands: 'all' },
  '--interval': { key: 'interval', kind: 'number', commands: ['ui', 'watch'] },
  '--json': { key: 'json', kind: 'boolean', commands: ['ui', 'get', 'ls'] },
  '--state': { key: 'state', kind: 'list', commands: ['ui', 'ls'] },
  '--spider': { key: 'spider', kind: 'string', commands: ['ui', 'ls'] },
  '--tag': { key: 'tag', kind: 'list', commands: ['ui', 'ls'] },
  '--count': { key: 'count', kind: 'int', commands: ['ls'] },
  '--demo': { key: 'demo', kind: 'boolean', commands: 'all' },
  '--no-color': { key: 'noColor', kind: 'boolean', commands: 'all' },
  '--retries': { key: 'retries', kind: 'count', commands: 'all' },
}

const SUBCOMMANDS = new Set<Command>(['get', 'ls', 'watch', 'help'])

/** Parses `process.argv.slice(2)`; throws UsageError with a one-line reason on bad input. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options: CliOptions = { json: false, state: [], tag: [], demo: false, noColor: false }
  const positionals: string[] = []
  let command: Command = 'ui'
  let help = false
  let version = false
  const seen: string[] = []
  let onlyPositionals = false

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (onlyPositionals || !arg.startsWith('-') || arg === '-') {
      if (command === 'ui' && positionals.length === 0 && SUBCOMMANDS.has(arg as Command)) {
        command = arg as Command
      } else {
        positionals.push(arg)
      }
      continue
    }
    if (arg === '--') {
      onlyPositionals = true
      continue
    }
    if (arg === '-h' || arg === '--help') {
      help = true
      continue
    }
    if (arg === '-V' || arg === '--version') {
      version = true
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq === -1 ? arg : arg.slice(0, eq)
    const spec = FLAGS[name]
    if (!spec) throw new UsageError(`unknown option ${name}`)
    seen.push(name)
    if (spec.kind === 'boolean') {
      if (eq !== -1) throw new UsageError(`${name} takes no value`)
      ;(options as unknown as Record<string, unknown>)[spec.key] = true
      continue
    }
    let value: string | undefined
    if (eq !== -1) value = arg.slice(eq + 1)
    else {
      value = argv[i + 1]
      i++
    }
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`)
    setValue(options, name, spec, value)
  }

  if (help) return { command: 'help', positionals: command === 'ui' ? [] : [command], options }
  if (version) return { command: 'version', positionals: [], options }

  for (const name of seen) {
    const spec = FLAGS[name] as FlagSpec
    if (spec.commands !== 'all' && !spec.commands.includes(command)) {
      throw new UsageError(`${name} does not apply to ${command === 'ui' ? 'the viewer' : command}`)
    }
  }
  checkPositionals(command, positionals)
  return { command, positionals, options }
}

function setValue(options: CliOptions, name: string, spec: FlagSpec, value: string): void {
  const target = options as unknown as Record<string, unknown>
  switch (spec.kind) {
    case 'string':
      target[spec.key] = value
      return
    case 'number': {
      const n = Number(value)
      if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number`)
      target[spec.key] = n
      return
    }
    case 'int': {
      const n = Number(value)
      if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive integer`)
      target[spec.key] = n
      return
    }
    case 'count': {
      const n = Number(value)
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be 0 or more`)
      target[spec.key] = n
      return
    }
    case 'list': {
      const parts = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
      if (name === '--state') {
        for (const p of parts) {
          if (!(STATE_NAMES as readonly string[]).includes(p)) {
            throw new UsageError(`--state must be one of ${STATE_NAMES.join(', ')} (got "${p}")`)
          }
        }
      }
      ;(target[spec.key] as string[]).push(...parts)
      return
    }
    default:
      return
  }
}

// A key or project that does not parse is a bad argument like any other: usage and exit 2.
function asUsage<T>(parse: () => T): T {
  try {
    return parse()
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err))
  }
}

function checkPositionals(command: Command, positionals: string[]): void {
  const n = positionals.length
  switch (command) {
    case 'ui':
      if (n > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`)
      if (n === 1) asUsage(() => parseKey(positionals[0] as string))
      return
    case 'get':
      if (n < 1) throw new UsageError('get needs a job key, e.g. jobmeta get 123/4/567')
      asUsage(() => parseJobKey(positionals[0] as string))
      return
    case 'ls':
      if (n > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`)
      if (n === 1 && asUsage(() => parseKey(positionals[0] as string)).kind !== 'project')
        throw new UsageError(`"${positionals[0]}" is not a project id (expected e.g. 123)`)
      return
    case 'watch':
      if (n !== 1) throw new UsageError('watch needs exactly one job key')
      asUsage(() => parseJobKey(positionals[0] as string))
      return
    case 'help':
      return
    default:
      return
  }
}

/** The usage text printed by `--help` and (on stderr) after a usage error. */
export const USAGE = `Usage:
  jobmeta [TARGET] [options]            interactive viewer (list or job detail)
  jobmeta [TARGET] --json               print the list (JSON lines) or the job (JSON) once
  jobmeta get KEY [FIELD...] [--json]   print a job's metadata, or named fields one per line
  jobmeta ls [PROJECT] [filters] [--count N] [--json]
                                        list jobs as a table (or JSON lines with --json)
  jobmeta watch KEY [--interval S]      print state changes until the job finishes

TARGET is a project id (123), a job key (123/4/567) or a dashboard URL
(https://app.zyte.com/p/123/4/567). FIELD is a metadata field (state, close_reason, ...)
or scrapystats.NAME (scrapystats.item_scraped_count).

Options:
  --apikey KEY          Scrapy Cloud API key (else SH_APIKEY, SHUB_APIKEY, ~/.scrapinghub.yml)
  --project ID          default project (else scrapinghub.yml projects: default:)
  --storage-url URL     storage API base URL (else SHUB_STORAGE)
  --jobq-url URL        JobQ API base URL (else SHUB_JOBQ, else the storage URL)
  --state S             pending, running, finished or deleted (repeatable or comma-separated)
  --spider NAME         only jobs of this spider
  --tag T               only jobs with this tag (repeatable: any of them)
  --count N             ls: at most N jobs (default 50)
  --interval S          seconds between refreshes (viewer default 5, watch default 5)
  --json                get/ls/TARGET: machine-readable output, printed once
  --retries N           retries of a failed request (default: 3 with backoff; viewer 1)
  --demo                use the built-in demo emulator even when a key is configured
  --no-color            no colours (also NO_COLOR=1)
  -h, --help            this help
  -V, --version         print the version

Without an API key jobmeta starts a built-in emulator with a simulated demo project.

Exit codes:
${exitCodesHelp()}
`
