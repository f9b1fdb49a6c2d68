/**
 * The `jobmeta` executable (bundled to dist/cli.js): runs `main` with the real process. Kept apart
 * from cli.tsx so that it runs whatever path it is started by, a symlink included (`npm i -g`
 * links the binary; comparing argv[1] with import.meta.url failed there and nothing ran).
 */
import { exitQuietlyOnBrokenPipe } from './broken-pipe.ts'
import { main, type RunContext } from './cli.tsx'
import { EXIT } from './exit-codes.ts'
import { explainError } from './explain-error.ts'
import { safeText } from './text.ts'

exitQuietlyOnBrokenPipe([process.stdout, process.stderr])
const ctx: RunContext = {
  env: process.env,
  io: { out: process.stdout, err: process.stderr },
  stdinIsTTY: process.stdin.isTTY === true,
  stdoutIsTTY: process.stdout.isTTY === true,
}
if (process.stdout.columns) ctx.columns = process.stdout.columns
main(process.argv.slice(2), ctx).then(
  (code) => {
    process.exitCode = code
    // Exit even if a stray handle (a socket, a timer) would keep the loop alive.
    setTimeout(() => process.exit(code), 100).unref()
  },
  (err: unknown) => {
    process.stderr.write(`jobmeta: ${safeText(explainError(err).message)}\n`)
    process.exit(EXIT.error)
  },
)
