/** `jobmeta watch KEY [--interval S]`: prints state changes until the job finishes; exit code by outcome. */
import { type Client, getStat, type JobMetadata, outcomeOf, parseJobKey } from '@jobmeta/core'
import { formatTimestamp } from '../detail-lines.ts'
import { EXIT, exitCodeForOutcome } from '../exit-codes.ts'
import { explainError } from '../explain-error.ts'
import { safeValue } from '../text.ts'
import { type Io, writeError } from './io.ts'

/** Options of `watch`. */
export interface WatchOptions {
  intervalMs: number
  signal?: AbortSignal
}

// Every value is sanitised: a close reason may hold escape sequences or a newline.
function describe(meta: JobMetadata): string {
  const parts = [safeValue(meta.state)]
  if (meta.state === 'finished' || meta.state === 'deleted') {
    parts.push(`outcome=${outcomeOf(meta)}`)
    if (meta.close_reason !== undefined) parts.push(`close_reason=${safeValue(meta.close_reason)}`)
  }
  const items = getStat(meta, 'item_scraped_count')
  if (items !== undefined) parts.push(`items=${safeValue(items)}`)
  return parts.join(' ')
}

/** Runs `watch`; returns the exit code for the job's outcome (EXIT_CODES in exit-codes.ts). */
export async function runWatch(
  client: Client,
  keyInput: string,
  options: WatchOptions,
  io: Io,
): Promise<number> {
  let key: ReturnType<typeof parseJobKey>
  try {
    key = parseJobKey(keyInput)
  } catch (err) {
    io.err.write(`jobmeta: ${explainError(err).message}\n`)
    return EXIT.usage
  }
  let last: string | undefined
  const report = (meta: JobMetadata) => {
    const line = describe(meta)
    if (
      line.split(' ')[0] !== last?.split(' ')[0] ||
      (meta.state === 'finished' && line !== last)
    ) {
      io.out.write(`${formatTimestamp(Date.now())}  ${key.key}  ${line}\n`)
    }
    last = line
  }
  try {
    const waitOptions: Parameters<ReturnType<Client['job']>['waitFor']>[0] = {
      until: ['finished', 'deleted'],
      intervalMs: options.intervalMs,
      onPoll: report,
    }
    if (options.signal) waitOptions.signal = options.signal
    const meta = await client.job(key).waitFor(waitOptions)
    report(meta)
    return exitCodeForOutcome(outcomeOf(meta))
  } catch (err) {
    if (options.signal?.aborted) return EXIT.interrupted
    writeError(io, key.key, err)
    return EXIT.error
  }
}
