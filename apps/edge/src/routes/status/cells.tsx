/** @jsxImportSource hono/jsx */
/** Table cells of the status pages: outcome (symbol + word + colour), times, run time, items, outcome strip. */
import { formatDuration, formatNumber, formatRelativeTime, type Outcome } from '@jobmeta/core'
import { type Run, runTimeMs } from './runs.ts'

/** A symbol per outcome, so the pages read the same without colour. */
export const OUTCOME_SYMBOLS: Record<Outcome, string> = {
  ok: '✓',
  failed: '✗',
  cancelled: '⊘',
  limit: '◐',
  running: '▸',
  pending: '○',
  deleted: '–',
  unknown: '?',
}

/** Longest server text shown in a cell (longer text is cut, with an ellipsis). */
export const MAX_TEXT = 64
/** Longest close reason shown beside an outcome. */
export const MAX_REASON = 32

// C0/C1 controls, bidi embeddings/overrides/isolates and marks, lone surrogates, non-characters:
// none of them is ever needed to read a name, and each can garble the page around it.
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Server text made safe to show: unsafe characters dropped, cut to `max` characters (JSX escapes the rest). */
export function displayText(s: string, max = MAX_TEXT): string {
  const clean = s.replace(UNSAFE, '')
  const chars = [...clean]
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : clean
}

/** Server text in its own bidi isolate, cut and cleaned. */
export function Text(props: { value: string; max?: number }) {
  return <bdi>{displayText(props.value, props.max)}</bdi>
}

/** A date within the range a JavaScript Date can hold, or undefined. */
function dateOf(ms: number | undefined): Date | undefined {
  if (ms === undefined || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined
  return new Date(ms)
}

/** '2026-04-30T12:34:56Z' */
export function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`
}

/** '2026-04-30 12:34:56 UTC' */
export function absoluteTime(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`
}

/** A time relative to `now`, with the absolute time in datetime and title; '–' when unknown. */
export function When(props: { ms: number | undefined; now: number }) {
  const d = dateOf(props.ms)
  if (d === undefined) return <span class="m">–</span>
  return (
    <time datetime={isoSeconds(d)} title={absoluteTime(d)}>
      {formatRelativeTime(d.getTime(), props.now)}
    </time>
  )
}

/** An outcome: symbol, word and colour class; the close reason beside it when it says more. */
export function OutcomeCell(props: { run: Run | undefined }) {
  const run = props.run
  if (run === undefined) return <td class="m">no finished run</td>
  const reason = run.reason
  const extra =
    reason !== undefined && reason !== run.outcome && reason !== 'finished' ? reason : undefined
  return (
    <td class={`o ${run.outcome}`}>
      <span aria-hidden="true">{OUTCOME_SYMBOLS[run.outcome]}</span> {run.outcome}
      {extra !== undefined && (
        <small>
          {' '}
          <Text value={extra} max={MAX_REASON} />
        </small>
      )}
    </td>
  )
}

/** The finish time of a run (running: how long ago it started). */
export function FinishedCell(props: { run: Run | undefined; now: number }) {
  const run = props.run
  if (run?.state === 'running') {
    return (
      <td>
        started <When ms={run.started} now={props.now} />
      </td>
    )
  }
  if (run?.state === 'pending') return <td class="m">queued</td>
  return (
    <td>
      <When ms={run?.finished} now={props.now} />
    </td>
  )
}

/** Run time, right-aligned; '–' when not published or unknown. */
export function RunTimeCell(props: { run: Run | undefined; now: number }) {
  const ms = props.run === undefined ? undefined : runTimeMs(props.run, props.now)
  return <td class="n">{ms === undefined ? '–' : formatDuration(ms)}</td>
}

/** Items, right-aligned; '–' when not published or unknown. */
export function ItemsCell(props: { run: Run | undefined }) {
  const n = props.run?.items
  return <td class="n">{n === undefined ? '–' : formatNumber(n)}</td>
}

/** The column headers of RunCells; `outcome` names the first column. */
export function RunHeaders(props: { outcome: string }) {
  return (
    <>
      <th scope="col">{props.outcome}</th>
      <th scope="col">Finished</th>
      <th scope="col" class="n">
        Run time
      </th>
      <th scope="col" class="n">
        Items
      </th>
    </>
  )
}

/** A run's outcome, finish time, run time and items: the cells both status tables show. */
export function RunCells(props: { run: Run | undefined; now: number }) {
  return (
    <>
      <OutcomeCell run={props.run} />
      <FinishedCell run={props.run} now={props.now} />
      <RunTimeCell run={props.run} now={props.now} />
      <ItemsCell run={props.run} />
    </>
  )
}

/** Counts of outcomes in words, in the order of OUTCOME_SYMBOLS: '8 ok, 1 failed'. */
export function outcomeCounts(runs: readonly Run[]): string {
  const counts = new Map<Outcome, number>()
  for (const r of runs) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1)
  return (Object.keys(OUTCOME_SYMBOLS) as Outcome[])
    .flatMap((o) => (counts.has(o) ? [`${counts.get(o)} ${o}`] : []))
    .join(', ')
}

/** Consecutive runs of one outcome, oldest first: [outcome, how many]. */
export function outcomeRuns(runs: readonly Run[]): [Outcome, number][] {
  const out: [Outcome, number][] = []
  for (let i = runs.length - 1; i >= 0; i--) {
    const o = runs[i]!.outcome
    const last = out[out.length - 1]
    if (last !== undefined && last[0] === o) last[1]++
    else out.push([o, 1])
  }
  return out
}

/**
 * Outcomes of runs (given newest first) as a strip of coloured symbols, oldest left, one element
 * per stretch of equal outcomes; screen readers get the counts instead.
 */
export function Strip(props: { runs: readonly Run[] }) {
  if (props.runs.length === 0) return <span class="m">–</span>
  return (
    <>
      <span class="s" aria-hidden="true">
        {outcomeRuns(props.runs).map(([o, n]) => (
          <i class={o}>{OUTCOME_SYMBOLS[o].repeat(n)}</i>
        ))}
      </span>
      <span class="vh">{outcomeCounts(props.runs)}</span>
    </>
  )
}
