/** Terminal hygiene: alternate screen, and restoring cooked mode and the cursor on every way out. */
import { EXIT } from './exit-codes.ts'
import { safeBlock } from './text.ts'

const ENTER_ALT = '\x1b[?1049h'
const LEAVE_ALT = '\x1b[?1049l'
const SHOW_CURSOR = '\x1b[?25h'

/** The streams the guard touches (process.stdin/stdout in the CLI). */
export interface GuardStreams {
  stdin: { isTTY?: boolean; isRaw?: boolean; setRawMode?: (mode: boolean) => unknown }
  stdout: { write(s: string): unknown }
}

/** Restores cooked mode, shows the cursor and leaves the alternate screen; safe to call twice. */
export function restoreTerminal(streams: GuardStreams, state: { restored: boolean }): void {
  if (state.restored) return
  state.restored = true
  try {
    if (streams.stdin.isTTY && streams.stdin.setRawMode) streams.stdin.setRawMode(false)
  } catch {
    // stdin already closed: nothing to restore
  }
  streams.stdout.write(SHOW_CURSOR + LEAVE_ALT)
}

/**
 * Enters the alternate screen and installs handlers so the terminal is restored on normal exit,
 * SIGINT, SIGTERM, SIGHUP, uncaught exceptions and unhandled rejections. Returns the restore function.
 */
export function guardTerminal(streams: GuardStreams = process): () => void {
  const state = { restored: false }
  const restore = () => restoreTerminal(streams, state)
  streams.stdout.write(ENTER_ALT)
  const onSignal = (signal: NodeJS.Signals) => {
    restore()
    process.exit(
      signal === 'SIGINT' ? EXIT.interrupted : signal === 'SIGTERM' ? EXIT.terminated : EXIT.hangup,
    )
  }
  const onFatal = (err: unknown) => {
    restore()
    process.stderr.write(
      safeBlock(
        `jobmeta: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      ),
    )
    process.exit(EXIT.error)
  }
  process.once('exit', restore)
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  process.once('SIGHUP', onSignal)
  process.on('uncaughtException', onFatal)
  process.on('unhandledRejection', onFatal)
  return restore
}
