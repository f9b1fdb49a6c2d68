/** The `jobmeta` command: parse arguments, resolve the configuration, open a session, dispatch (src/bin.ts runs it). */
import type { JobKey, RetryInfo } from '@jobmeta/core'
import { type ParsedArgs, parseArgs, USAGE_HINT, UsageError, usage } from './args.ts'
import { type Io, safeIo } from './commands/io.ts'
import { type Config, ConfigError, describeConfig, resolveConfig, resolverOf } from './config.ts'
import { EXIT } from './exit-codes.ts'
import { explainError } from './explain-error.ts'
import { allowInkLiveRendering } from './ink-env.ts'
import { listQueryOf } from './list-query.ts'
import { openSession, type Session } from './session.ts'
import {
  type JobRef,
  type ProjectRef,
  type Resolver,
  resolveJobRef,
  resolveProject,
  type Target,
  targetNames,
  UnresolvedError,
} from './target.ts'
import { colorsEnabled } from './theme.ts'
import { VERSION } from './version.ts'

/** Process-level environment of one run (injectable for tests). */
export interface RunContext {
  env: Record<string, string | undefined>
  io: Io
  stdinIsTTY: boolean
  stdoutIsTTY: boolean
  columns?: number
  /** The folder scrapinghub.yml is searched from (default: process.cwd()). */
  cwd?: string
}

/** A bad argument or configuration: the reason on one line, the hint on the next; exit 2. */
function usageError(io: Io, message: string): number {
  io.err.write(`jobmeta: ${message}\n${USAGE_HINT}\n`)
  return EXIT.usage
}

function demoNote(io: Io, session: Session): void {
  if (session.demo) {
    io.err.write(
      'jobmeta: no API key configured; using the built-in demo emulator (set SH_APIKEY or pass --apikey for real data)\n',
    )
  }
}

/** Prints each of core's reports of odd values once on stderr (the data is still printed). */
function warnOnce(io: Io): NonNullable<Session['onWarning']> {
  const seen = new Set<string>()
  return (error) => {
    if (seen.has(error.message)) return
    seen.add(error.message)
    io.err.write(`jobmeta: warning: ${error.message}\n`)
  }
}

/** The line printed on stderr before each retry's wait: `retrying in 8s (attempt 2/4): 503 ...`. */
export function retryLine(info: RetryInfo): string {
  const seconds = Math.max(1, Math.ceil(info.delayMs / 1000))
  return `jobmeta: retrying in ${seconds}s (attempt ${info.attempt + 1}/${info.attempts}): ${explainError(info.error, 'command').message}\n`
}

/** The project and job references the arguments hold (to find the named target they use). */
function refsOf(args: ParsedArgs): (ProjectRef | undefined)[] {
  const jobs = (refs: JobRef[]) => refs.map((r) => r.project)
  switch (args.command) {
    case 'get':
      return jobs(args.keys)
    case 'watch':
      return jobs([args.key])
    case 'ls':
      return [args.project]
    case 'ui':
      return [args.target?.kind === 'job' ? args.target.job.project : args.target?.project]
    default:
      return []
  }
}

/** Runs one command line; resolves to the exit code. */
export async function main(argv: readonly string[], context: RunContext): Promise<number> {
  // Everything a command writes passes the sanitiser (the viewer sanitises what it draws).
  const ctx: RunContext = { ...context, io: safeIo(context.io) }
  let args: ParsedArgs
  let config: Config
  try {
    args = parseArgs(argv)
    if (args.command === 'help') {
      ctx.io.out.write(usage())
      return EXIT.ok
    }
    if (args.command === 'version') {
      ctx.io.out.write(`${VERSION}\n`)
      return EXIT.ok
    }
    const names = targetNames([...refsOf(args), args.options.project])
    if (names.length > 1) throw new UsageError(`one target per call: got ${names.join(' and ')}`)
    const sources = { env: ctx.env, ...(ctx.cwd ? { cwd: ctx.cwd } : {}) }
    config = await resolveConfig(args.options, sources, names[0] ? { target: names[0] } : {})
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError)
      return usageError(ctx.io, err.message)
    throw err
  }
  if (args.command === 'config') return printConfig(config, args.options.json, ctx.io)

  const interactive =
    args.command === 'ui' && ctx.stdinIsTTY && ctx.stdoutIsTTY && !args.options.json
  // Before Ink is first imported: with CI set it would draw nothing until exit. Ink itself loads
  // once the session is open and the list's first page asked for (viewer.ts).
  if (interactive) allowInkLiveRendering(ctx.env)
  let session: Session
  try {
    session = await openSession(config, interactive ? 'interactive' : 'script')
  } catch (err) {
    ctx.io.err.write(`jobmeta: could not start: ${explainError(err).message}\n`)
    return EXIT.error
  }
  try {
    if (!interactive) {
      demoNote(ctx.io, session)
      session.onWarning = warnOnce(ctx.io)
      session.onRetry = (info) => ctx.io.err.write(retryLine(info))
    }
    const resolver = resolverOf(config, session.demo ? session.project : config.project)
    return await dispatch(args, session, resolver, ctx, interactive)
  } catch (err) {
    if (err instanceof UnresolvedError) {
      if (err.usage) return usageError(ctx.io, err.message)
      ctx.io.err.write(`jobmeta: ${err.message}\n`)
      return EXIT.error
    }
    throw err
  } finally {
    await session.close()
  }
}

async function printConfig(config: Config, json: boolean, io: Io): Promise<number> {
  const demo = config.demo || !config.apikey
  const lines = describeConfig(
    config,
    demo ? (await import('@jobmeta/emulator')).DEMO_PROJECT : undefined,
  )
  if (json) io.out.write(`${JSON.stringify(lines)}\n`)
  else
    io.out.write(
      Object.entries(lines)
        .map(([k, v]) => `${`${k}:`.padEnd(10)}${v}\n`)
        .join(''),
    )
  return EXIT.ok
}

/** Job keys resolved (spider names looked up); an unreadable key is reported like a missing job. */
async function resolveKeys(refs: JobRef[], r: Resolver, session: Session): Promise<JobKey[]> {
  const keys: JobKey[] = []
  for (const ref of refs) keys.push(await resolveJobRef(ref, r, session.client))
  return keys
}

async function dispatch(
  args: ParsedArgs,
  session: Session,
  resolver: Resolver,
  ctx: RunContext,
  interactive: boolean,
): Promise<number> {
  const { io } = ctx
  const { options } = args
  switch (args.command) {
    case 'get': {
      const keys = await resolveKeys(args.keys, resolver, session)
      const { runGet } = await import('./commands/get.ts')
      return runGet(session.client, { keys, fields: args.fields }, { json: options.json }, io)
    }
    case 'ls': {
      const project = resolveProject(args.project, resolver)
      const { runLs } = await import('./commands/ls.ts')
      const out = { json: options.json, ...(ctx.columns ? { width: ctx.columns } : {}) }
      return runLs(session.client, project, listQueryOf(options), out, io)
    }
    case 'watch': {
      const [key] = await resolveKeys([args.key], resolver, session)
      const { runWatch } = await import('./commands/watch.ts')
      const ac = new AbortController()
      const onSigint = () => ac.abort()
      process.once('SIGINT', onSigint)
      try {
        return await runWatch(
          session.client,
          key as JobKey,
          { intervalMs: (options.interval ?? 5) * 1000, json: options.json, signal: ac.signal },
          io,
        )
      } finally {
        process.off('SIGINT', onSigint)
      }
    }
    case 'ui': {
      if (args.target?.kind === 'job') {
        const [key] = (await resolveKeys([args.target.job], resolver, session)) as [JobKey]
        const target: Target = { kind: 'job', project: key.project, key: key.key }
        return runViewer(args, target, key, session, resolver, ctx, interactive)
      }
      const project = resolveProject(args.target?.project, resolver)
      const target: Target = { kind: 'project', project }
      return runViewer(args, target, undefined, session, resolver, ctx, interactive)
    }
    default:
      return EXIT.ok
  }
}

async function runViewer(
  args: Extract<ParsedArgs, { command: 'ui' }>,
  target: Target,
  key: JobKey | undefined,
  session: Session,
  resolver: Resolver,
  ctx: RunContext,
  interactive: boolean,
): Promise<number> {
  const { options } = args
  if (!interactive) {
    if (key) {
      const { runGet } = await import('./commands/get.ts')
      return runGet(session.client, { keys: [key], fields: [] }, { json: options.json }, ctx.io)
    }
    const { runLs } = await import('./commands/ls.ts')
    const out = { json: options.json, ...(ctx.columns ? { width: ctx.columns } : {}) }
    return runLs(session.client, target.project, listQueryOf(options), out, ctx.io)
  }
  const { runInteractive } = await import('./viewer.ts')
  return runInteractive({
    session,
    target,
    intervalMs: (options.interval ?? 5) * 1000,
    states: options.state,
    ...(options.spider ? { spider: options.spider } : {}),
    ...(options.tag[0] ? { tag: options.tag[0] } : {}),
    ...(options.outcome.length ? { outcome: options.outcome } : {}),
    ...(options.since === undefined ? {} : { since: options.since }),
    ...(options.until === undefined ? {} : { until: options.until }),
    ...(options.sort ? { sort: options.sort } : {}),
    targetProject: (name) => resolver.targetProject(name),
    color: colorsEnabled(ctx.env, options.noColor),
  })
}
