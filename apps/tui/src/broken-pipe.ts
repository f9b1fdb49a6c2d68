/**
 * A reader that stops early (`jobmeta ls | head -1`) closes the pipe: the next write fails with
 * EPIPE. That is the reader's choice, not an error: stop quietly and exit 0, as Unix tools do,
 * so that `set -o pipefail` scripts keep working.
 */
import { EXIT } from './exit-codes.ts'

/** A writable stream that reports write errors as 'error' events (process.stdout, stderr). */
export interface ErrorEmitter {
  on(event: 'error', listener: (err: NodeJS.ErrnoException) => void): unknown
}

/**
 * Exits with EXIT.ok when a write to one of `streams` fails with EPIPE; any other write error is
 * reported on stderr (when it still works) and exits with EXIT.error.
 */
export function exitQuietlyOnBrokenPipe(
  streams: ErrorEmitter[],
  exit: (code: number) => void = (code) => process.exit(code),
  report: (message: string) => void = (m) => process.stderr.write(m),
): void {
  for (const stream of streams) {
    stream.on('error', (err) => {
      if (err.code === 'EPIPE') return exit(EXIT.ok)
      try {
        report(`jobmeta: cannot write output: ${err.message}\n`)
      } catch {
        // stderr is gone too
      }
      exit(EXIT.error)
    })
  }
}
