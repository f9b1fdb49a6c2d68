/** The spiders view: one row per spider from its last job and its recent runs. */
import { type JobQRow, type Outcome, outcomeOf, rowFigures } from '@jobmeta/core'

/** How many recent runs the sparkline and the failure count cover. */
export const RECENT_RUNS = 10

/** One spider's line in the spiders view. */
export interface SpiderRow {
  name: string
  /** Its newest finished job. */
  last?: JobQRow
  lastOutcome: Outcome
  /** Items of the recent runs, oldest first (undefined where a run has no item count). */
  items: (number | undefined)[]
  /** Failed runs among the recent ones. */
  failures: number
  /** How many recent runs were seen (at most RECENT_RUNS). */
  runs: number
}

const BARS = '▁▂▃▄▅▆▇█'

/** Values as a bar per value, scaled to the largest ('·' where a value is missing). */
export function sparkline(values: readonly (number | undefined)[]): string {
  const known = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
  const max = Math.max(0, ...known)
  return values
    .map((v) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) return '·'
      if (max <= 0) return BARS[0]
      return BARS[Math.min(BARS.length - 1, Math.round((v / max) * (BARS.length - 1)))]
    })
    .join('')
}

const outcome = (r: JobQRow) => outcomeOf(r as { state?: string; close_reason?: string })
const nameOf = (r: JobQRow) => (typeof r.spider === 'string' ? r.spider : undefined)

/**
 * One row per spider named in `lastJobs` (lastjobsummary) or `recent` (finished list rows, newest
 * first), sorted by name; the recent rows give the sparkline and the failures.
 */
export function spiderRows(lastJobs: readonly JobQRow[], recent: readonly JobQRow[]): SpiderRow[] {
  const runs = new Map<string, JobQRow[]>()
  for (const r of recent) {
    const name = nameOf(r)
    if (name === undefined) continue
    const list = runs.get(name) ?? []
    if (list.length < RECENT_RUNS) list.push(r)
    runs.set(name, list)
  }
  const last = new Map<string, JobQRow>()
  for (const r of lastJobs) {
    const name = nameOf(r)
    if (name !== undefined && !last.has(name)) last.set(name, r)
  }
  const names = [...new Set([...last.keys(), ...runs.keys()])].sort()
  return names.map((name) => {
    const mine = runs.get(name) ?? []
    const newest = last.get(name) ?? mine[0]
    return {
      name,
      ...(newest ? { last: newest } : {}),
      lastOutcome: newest ? outcome(newest) : 'unknown',
      items: mine.map((r) => rowFigures(r).items).reverse(),
      failures: mine.filter((r) => outcome(r) === 'failed').length,
      runs: mine.length,
    }
  })
}
