/** `jobmeta watch KEY [--interval S]`: prints state changes until the job finishes; exit code by outcome. */
import { type Client, type JobMetadata, outcomeOf, parseJobKey } from '@jobmeta/core'
import { formatTimestamp } from '../detail-lines.ts'
import { EXIT, exitCodeForOutcome } from '../exit-codes.ts'
import { explainError } from '../explain-error.ts'
import { type Io, writeError } from './io.ts'

/** Options of `watch`. */
export interface WatchOptions {
  intervalMs: number
  signal?: AbortSignal
}

function describe(meta: JobMetadata): string {
  const parts = [String(meta.state)]
  if (meta.state === 'finished' || meta.state === 'deleted') {
    parts.push(`outcome=${outcomeOf(meta)}`)
    if (meta.close_reason !== undefined) parts.push(`close_reason=${meta.close_reason}`)
  }
  const items = meta.scrapystats?.item_scraped_count
  if (items !== undefined) parts.push(`items=${items}`)
  return parts.join(' ')
}

/** Runs `watch`; returns the exit code (0 finished ok, 3 failed, 4 cancelled, 5 limit, 6 other). */
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
