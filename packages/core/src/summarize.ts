import { getField, getNumericStat } from './fields.ts'
import { jobFigures } from './figures.ts'
import { type Outcome, outcomeOf } from './outcome.ts'
import type { JobMetadata } from './schema.ts'

/** Derived figures of a job. Every figure is undefined when the data to compute it is missing. */
export interface JobSummary {
  /** pending -> running. */
  queueWaitMs?: number
  /** running -> finished (or -> now while running). */
  runTimeMs?: number
  /** pending -> finished (or -> now while not finished). */
  totalTimeMs?: number
  outcome: Outcome
  /** Items scraped, as `jobFigures` counts them. */
  items?: number
  /** Responses received, as `jobFigures` counts them (JobQ's `pages`). */
  requests?: number
  /** Lines logged at ERROR, as `jobFigures` counts them (JobQ's `errors`). */
  errors?: number
  /** log_count/WARNING. */
  warnings?: number
  /** downloader/response_status_count/<code>, by code. */
  statusHistogram: Record<string, number>
  peakMemoryBytes?: number
  itemsPerMinute?: number
  bytesDownloaded?: number
}

const STATUS_PREFIX = 'downloader/response_status_count/'

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

/** b - a when both are known and the difference is not negative. */
function span(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined) return undefined
  const d = b - a
  return d >= 0 ? d : undefined
}

function nonNegative(v: number | undefined): number | undefined {
  return v !== undefined && v >= 0 ? v : undefined
}

/** Log counts; a level missing from the stats is 0 only if a lower (more verbose) level was counted. */
function logCount(meta: JobMetadata, levels: string[], provenBy: string[]): number | undefined {
  const proven = provenBy.some((l) => getNumericStat(meta, `log_count/${l}`) !== undefined)
  if (!proven) return undefined
  let total = 0
  for (const l of levels) total += getNumericStat(meta, `log_count/${l}`) ?? 0
  return total
}

/** Derived values of a job: durations, outcome, counts, status histogram, memory and rates. */
export function summarize(meta: JobMetadata, now: number = Date.now()): JobSummary {
  const state = getField(meta, 'state')
  const pending = num(getField(meta, 'pending_time'))
  const running = num(getField(meta, 'running_time'))
  const finished = num(getField(meta, 'finished_time'))
  const live = state === 'pending' || state === 'running'
  const end = finished ?? (live ? now : undefined)

  const summary: JobSummary = { outcome: outcomeOf(meta), statusHistogram: {} }
  summary.queueWaitMs = span(pending, running ?? (state === 'pending' ? now : undefined))
  summary.runTimeMs = running === undefined ? undefined : span(running, end)
  summary.totalTimeMs = span(pending, end)

  const figures = jobFigures(meta)
  summary.items = figures.items
  summary.requests = figures.requests
  summary.errors = figures.errors
  summary.warnings = logCount(meta, ['WARNING'], ['DEBUG', 'INFO', 'WARNING'])
  summary.peakMemoryBytes = nonNegative(getNumericStat(meta, 'memusage/max'))
  summary.bytesDownloaded = nonNegative(getNumericStat(meta, 'downloader/response_bytes'))

  const stats = getField(meta, 'scrapystats')
  if (stats && typeof stats === 'object') {
    for (const name of Object.keys(stats)) {
      if (!name.startsWith(STATUS_PREFIX)) continue
      const code = name.slice(STATUS_PREFIX.length)
      const v = num(stats[name])
      if (/^\d{3}$/.test(code) && v !== undefined) summary.statusHistogram[code] = v
    }
  }

  const crawlSeconds = getNumericStat(meta, 'elapsed_time_seconds')
  const minutes =
    crawlSeconds !== undefined
      ? crawlSeconds / 60
      : summary.runTimeMs !== undefined
        ? summary.runTimeMs / 60000
        : undefined
  if (summary.items !== undefined && minutes !== undefined && minutes > 0) {
    summary.itemsPerMinute = summary.items / minutes
  }
  for (const k of Object.keys(summary) as (keyof JobSummary)[]) {
    if (summary[k] === undefined) delete summary[k]
  }
  return summary
}
