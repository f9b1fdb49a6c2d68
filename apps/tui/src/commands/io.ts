/** Output streams for the scriptable commands (process streams in the CLI, buffers in tests). */
import { explainError } from '../explain-error.ts'
import { safeBlock } from '../text.ts'

/** Something text can be written to. */
export interface Writer {
  write(chunk: string): unknown
}

/** The two output streams of a command. */
export interface Io {
  out: Writer
  err: Writer
}

/** An Io that collects everything written, for tests. */
export function captureIo(): Io & { stdout(): string; stderr(): string } {
  let out = ''
  let err = ''
  return {
    out: { write: (s: string) => (out += s) },
    err: { write: (s: string) => (err += s) },
    stdout: () => out,
    stderr: () => err,
  }
}

/** Writes `jobmeta: SUBJECT: message` and, indented below, what to do about it, to stderr. */
export function writeError(io: Io, subject: string, err: unknown): void {
  const e = explainError(err, 'command')
  io.err.write(`jobmeta: ${subject}: ${e.message}\n  ${e.hint}\n`)
}

/**
 * The streams with every write passed through the sanitiser (newlines and tabs kept): whatever a
 * command prints, and whatever a message quotes from the server, no control or escape sequence
 * reaches the terminal. Commands sanitise each value too (a newline inside a value is shown as ␊);
 * this is the guarantee for the rest.
 */
export function safeIo(io: Io): Io {
  return {
    out: { write: (s: string) => io.out.write(safeBlock(s)) },
    err: { write: (s: string) => io.err.write(safeBlock(s)) },
  }
}
