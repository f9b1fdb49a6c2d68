/**
 * What the status pages and spider badges show, built from public JobQ rows only (publicRow's
 * output): a run per job, and per spider its last finished run, what it is doing now and its
 * recent outcomes.
 */
import { isActiveState, type JobKey, OUTCOMES, type Outcome, parseJobKey } from '@jobmeta/core'
import { publicRow } from '../../security/public-fields.ts'

/** How many finished runs a spider's outcome strip shows. */
export const STRIP_RUNS = 10

/** One job as the status pages show it; every value comes from a published field (or a row's key, state and ts). */
export interface Run {
  /** P/S/J */
  key: string
  spider: number
  job: number
  outcome: Outcome
  state?: string
  /** the published spider name */
  name?: string
  /** published close_reason */
  reason?: string
  /** epoch ms: running_time, or ts of a running row */
  started?: number
  /** epoch ms: finished_time, or ts of a finished row */
  finished?: number
  items?: number
}

/** A spider's row on the project page. */
export interface SpiderStatus {
  spider: number
  name?: string
  /** the newest finished run */
  last?: Run
  /** the newest running run, else the newest pending one */
  active?: Run
  /** finished runs, newest first, at most STRIP_RUNS */
  recent: Run[]
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined
}

/**
 * The run of one raw upstream row of `project`, reduced to the published fields first; undefined
 * for a row that is not an object, has no valid key or belongs to another project.
 */
export function runOf(raw: unknown, project: number, fields: readonly string[]): Run | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined
  const row = publicRow(raw as Record<string, unknown>, fields)
  let ids: JobKey
  try {
    ids = parseJobKey(str(row.key) ?? '')
  } catch {
    return undefined
  }
  if (ids.project !== project || str(row.key) !== ids.key) return undefined
  const state = str(row.state)
  const outcome = OUTCOMES.find((o) => o === row.outcome) ?? 'unknown'
  const ts = num(row.ts)
  const run: Run = { key: ids.key, spider: ids.spider, job: ids.job, outcome }
  if (state !== undefined) run.state = state
  const name = str(row.spider)
  if (name !== undefined) run.name = name
  const reason = str(row.close_reason)
  if (reason !== undefined) run.reason = reason
  const started = num(row.running_time) ?? (state === 'running' ? ts : undefined)
  if (started !== undefined) run.started = started
  const finished = num(row.finished_time) ?? (state === 'finished' ? ts : undefined)
  if (finished !== undefined) run.finished = finished
  const items = num(row.items)
  if (items !== undefined) run.items = items
  return run
}

/** The runs of raw rows (rows that are not runs of `project` are dropped). */
export function runsOf(
  rows: readonly unknown[],
  project: number,
  fields: readonly string[],
): Run[] {
  const out: Run[] = []
  for (const r of rows) {
    const run = runOf(r, project, fields)
    if (run !== undefined) out.push(run)
  }
  return out
}

/** Whether a run is still queued or running. */
export function isActive(run: Run): boolean {
  return isActiveState(run.state)
}

/** Whether active run a says more than b: running before pending, then the newer job. */
function activeBefore(a: Run, b: Run): boolean {
  if (a.state !== b.state) return a.state === 'running'
  return a.job > b.job
}

/** Newest first: by finish time, then by job number. */
function newestFirst(a: Run, b: Run): number {
  return (b.finished ?? 0) - (a.finished ?? 0) || b.job - a.job
}

/**
 * One row per spider seen in `last` (the last finished job of each spider) or in `recent` (the
 * project's newest jobs): its newest finished run, its newest active run and its recent outcomes.
 * Ordered by name, then id.
 */
export function spiderStatuses(last: readonly Run[], recent: readonly Run[]): SpiderStatus[] {
  const bySpider = new Map<number, { finished: Map<string, Run>; active?: Run; name?: string }>()
  const slot = (run: Run) => {
    let s = bySpider.get(run.spider)
    if (s === undefined) {
      s = { finished: new Map() }
      bySpider.set(run.spider, s)
    }
    s.name ??= run.name
    return s
  }
  for (const run of [...last, ...recent]) {
    const s = slot(run)
    if (isActive(run)) {
      if (s.active === undefined || activeBefore(run, s.active)) s.active = run
    } else if (run.state === 'finished') {
      s.finished.set(run.key, run)
    }
  }
  const out: SpiderStatus[] = []
  for (const [spider, s] of bySpider) {
    const recentRuns = [...s.finished.values()].sort(newestFirst).slice(0, STRIP_RUNS)
    const row: SpiderStatus = { spider, recent: recentRuns }
    if (s.name !== undefined) row.name = s.name
    if (recentRuns[0] !== undefined) row.last = recentRuns[0]
    if (s.active !== undefined) row.active = s.active
    out.push(row)
  }
  return out.sort(
    (a, b) =>
      (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff', 'en') ||
      (a.name ?? '').localeCompare(b.name ?? '') ||
      a.spider - b.spider,
  )
}

/**
 * A spider's jobs for its own page: active ones first (newest first), then finished ones newest
 * first, at most `count` of each.
 */
export function spiderJobs(runs: readonly Run[], spider: number, count: number): Run[] {
  const mine = runs.filter((r) => r.spider === spider)
  const active = mine.filter(isActive).sort((a, b) => b.job - a.job)
  const done = mine.filter((r) => !isActive(r)).sort(newestFirst)
  return [...active.slice(0, count), ...done.slice(0, count)]
}

/** Run time in ms: finished - started, or (for a running job) `now` - started; undefined when unknown. */
export function runTimeMs(run: Run, now: number): number | undefined {
  if (run.started === undefined) return undefined
  const end = run.state === 'running' ? now : run.finished
  if (end === undefined) return undefined
  const d = end - run.started
  return d >= 0 ? d : undefined
}
