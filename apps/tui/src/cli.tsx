/** The `jobmeta` command: parse arguments, open a session, dispatch (src/bin.ts runs it). */
import type { JobState } from '@jobmeta/core'
import { type CliOptions, type ParsedArgs, parseArgs, USAGE, UsageError } from './args.ts'
import { type Io, safeIo } from './commands/io.ts'
import type { LsOptions } from './commands/ls.ts'
import { type Config, resolveConfig } from './config.ts'
import { EXIT } from './exit-codes.ts'
import { explainError } from './explain-error.ts'
import { allowInkLiveRendering, withoutGlobalFetch } from './ink-env.ts'
import { openSession, type Session } from './session.ts'
import { resolveTarget, type Target } from './target.ts'
import { colorsEnabled } from './theme.ts'
import { VERSION } from './version.ts'

/** Process-level environment of one run (injectable for tests). */
export interface RunContext {
  env: Record<string, string | undefined>
  io: Io
  stdinIsTTY: boolean
  stdoutIsTTY: boolean
  columns?: number
}

function usageError(io: Io, message: string): number {
  io.err.write(`jobmeta: ${message}\n\n${USAGE}`)
  return EXIT.usage
}

// The flags as `ls` options (the viewer prints its list once, like `ls`, without a terminal).
function lsOptionsOf(options: CliOptions, ctx: RunContext): LsOptions {
  const ls: LsOptions = { state: options.state, tag: options.tag, json: options.json }
  if (options.spider) ls.spider = options.spider
  if (options.count) ls.count = options.count
  if (ctx.columns) ls.width = ctx.columns
  return ls
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

/** Runs one command line; resolves to the exit code. */
export async function main(argv: readonly string[], context: RunContext): Promise<number> {
  // Everything a command writes passes the sanitiser (the viewer sanitises what it draws).
  const ctx: RunContext = { ...context, io: safeIo(context.io) }
  let args: ParsedArgs
  try {
    args = parseArgs(argv)
  } catch (err) {
    if (err instanceof UsageError) return usageError(ctx.io, err.message)
    throw err
  }
  if (args.command === 'help') {
    ctx.io.out.write(USAGE)
    return EXIT.ok
  }
  if (args.command === 'version') {
    ctx.io.out.write(`${VERSION}\n`)
    return EXIT.ok
  }
  const config = resolveConfig(args.options, { env: ctx.env })
  const interactive =
    args.command === 'ui' && ctx.stdinIsTTY && ctx.stdoutIsTTY && !args.options.json
  if (interactive) {
    // Before Ink is first imported: with CI set it would draw nothing until exit.
    allowInkLiveRendering(ctx.env)
    // Ink and React first, alone (see withoutGlobalFetch); an error shows where the viewer starts
    await withoutGlobalFetch(() => import('./interactive.tsx')).catch(() => {})
  }
  let session: Session
  try {
    session = await openSession(config, interactive ? 'interactive' : 'script')
  } catch (err) {
    ctx.io.err.write(`jobmeta: could not start: ${explainError(err).message}\n`)
    return EXIT.error
  }
  try {
    return await dispatch(args, config, session, ctx, interactive)
  } finally {
    await session.close()
  }
}

async function dispatch(
  args: ParsedArgs,
  config: Config,
  session: Session,
  ctx: RunContext,
  interactive: boolean,
): Promise<number> {
  const { options, positionals } = args
  const { io } = ctx
  switch (args.command) {
    case 'get': {
      // get names the odd values of what it prints itself (runGet)
      demoNote(io, session)
      const { runGet } = await import('./commands/get.ts')
      return runGet(session.client, positionals, { json: options.json }, io)
    }
    case 'ls': {
      demoNote(io, session)
      session.onWarning = warnOnce(io)
      const project =
        positionals[0] ?? (config.demo || !config.apikey ? session.project : config.project)
      if (project === undefined)
        return usageError(io, 'ls needs a project id (or projects: default: in scrapinghub.yml)')
      const { runLs } = await import('./commands/ls.ts')
      return runLs(session.client, project, lsOptionsOf(options, ctx), io)
    }
    case 'watch': {
      demoNote(io, session)
      session.onWarning = warnOnce(io)
      const { runWatch } = await import('./commands/watch.ts')
      const ac = new AbortController()
      const onSigint = () => ac.abort()
      process.once('SIGINT', onSigint)
      try {
        return await runWatch(
          session.client,
          positionals[0] as string,
          { intervalMs: (options.interval ?? 5) * 1000, signal: ac.signal },
          io,
        )
      } finally {
        process.off('SIGINT', onSigint)
      }
    }
    default:
      return runViewer(args, session, ctx, interactive)
  }
}

async function runViewer(
  args: ParsedArgs,
  session: Session,
  ctx: RunContext,
  interactive: boolean,
): Promise<number> {
  const { options, positionals } = args
  let target: Target | undefined
  try {
    target = resolveTarget(positionals[0], session.project)
  } catch (err) {
    return usageError(ctx.io, explainError(err).message)
  }
  if (!target) {
    return usageError(
      ctx.io,
      'no project given: run jobmeta PROJECT_ID (or set projects: default: in scrapinghub.yml)',
    )
  }
  if (!interactive) {
    demoNote(ctx.io, session)
    if (target.kind === 'job') {
      const { runGet } = await import('./commands/get.ts')
      return runGet(session.client, [target.key], { json: options.json }, ctx.io)
    }
    const { runLs } = await import('./commands/ls.ts')
    session.onWarning = warnOnce(ctx.io)
    return runLs(session.client, String(target.project), lsOptionsOf(options, ctx), ctx.io)
  }
  const { runInteractive } = await import('./interactive.tsx')
  return runInteractive({
    session,
    target,
    intervalMs: (options.interval ?? 5) * 1000,
    states: options.state as JobState[],
    ...(options.spider ? { spider: options.spider } : {}),
    ...(options.tag[0] ? { tag: options.tag[0] } : {}),
    color: colorsEnabled(ctx.env, options.noColor),
  })
}
