/**
 * `jobmeta watch KEY [--interval S] [--json]`: follows a job until it ends; exit code by outcome.
 * Text: a line when the state changes, and progress (items, errors) at most every `progressMs`.
 * JSON: one line per change of state, items or errors.
 */
import {
  type Client,
  formatTimestamp,
  isActiveState,
  JOB_STATES,
  type JobKey,
  type JobMetadata,
  outcomeOf,
  summarize,
} from '@jobmeta/core'
import { EXIT, exitCodeForOutcome } from '../exit-codes.ts'
import { safeValue, terminalJson } from '../text.ts'
import { type Io, writeError } from './io.ts'

/** The states a watched job ends in: core's states that are not active (finished, deleted). */
const ENDED_STATES = JOB_STATES.filter((s) => !isActiveState(s))

/** Options of `watch`. */
export interface WatchOptions {
  intervalMs: number
  json?: boolean
  /** Text mode: least time between two progress lines of the same state (default 30 s). */
  progressMs?: number
  signal?: AbortSignal
  now?: () => number
}

/** What `watch` reports about a job at one poll. */
export interface WatchEvent {
  time: number
  key: string
  state: string
  items?: number
  errors?: number
  outcome?: string
  close_reason?: unknown
}

/** The event of one poll: state, items and errors as core's summarize counts them; outcome once ended. */
export function watchEvent(key: string, meta: JobMetadata, time: number): WatchEvent {
  const s = summarize(meta, time)
  const event: WatchEvent = { time, key, state: String(meta.state) }
  if (s.items !== undefined) event.items = s.items
  if (s.errors !== undefined) event.errors = s.errors
  if ((ENDED_STATES as readonly unknown[]).includes(meta.state)) {
    event.outcome = outcomeOf(meta)
    if (meta.close_reason !== undefined) event.close_reason = meta.close_reason
  }
  return event
}

// Every value is sanitised: a close reason may hold escape sequences or a newline.
function describe(e: WatchEvent): string {
  const parts = [safeValue(e.state)]
  if (e.outcome !== undefined) parts.push(`outcome=${e.outcome}`)
  if (e.close_reason !== undefined) parts.push(`close_reason=${safeValue(e.close_reason)}`)
  if (e.items !== undefined) parts.push(`items=${e.items}`)
  if (e.errors !== undefined) parts.push(`errors=${e.errors}`)
  return parts.join(' ')
}

const changed = (a: WatchEvent | undefined, b: WatchEvent) =>
  !a || a.state !== b.state || a.items !== b.items || a.errors !== b.errors

/** Runs `watch`; returns the exit code for the job's outcome (EXIT_CODES in exit-codes.ts). */
export async function runWatch(
  client: Client,
  key: JobKey,
  options: WatchOptions,
  io: Io,
): Promise<number> {
  const now = options.now ?? Date.now
  const progressMs = options.progressMs ?? 30_000
  let last: WatchEvent | undefined
  let printed: WatchEvent | undefined
  const report = (meta: JobMetadata) => {
    const e = watchEvent(key.key, meta, now())
    if (options.json) {
      if (changed(last, e)) io.out.write(`${terminalJson(e)}\n`)
    } else if (
      !printed ||
      printed.state !== e.state ||
      (e.outcome !== undefined && describe(e) !== describe(printed)) ||
      (changed(printed, e) && e.time - printed.time >= progressMs)
    ) {
      io.out.write(`${formatTimestamp(e.time)}  ${key.key}  ${describe(e)}\n`)
      printed = e
    }
    last = e
  }
  try {
    const waitOptions: Parameters<ReturnType<Client['job']>['waitFor']>[0] = {
      until: ENDED_STATES,
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
