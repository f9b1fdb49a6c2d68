import { pushJob, startNextJob, updateJob } from './lifecycle.ts'
import { pick, randInt, weighted } from './prng.ts'
import { type JobRecord, type JobStore, stateOf } from './store.ts'

/** Knobs of the simulation (defaults suit a live demo). */
export interface SimulationRules {
  /** Most jobs running at once per project. */
  maxRunning: number
  /** Chance per tick that a running job finishes. */
  finishChance: number
  /** Chance per tick that a waiting pending job starts (when a slot is free). */
  startChance: number
  /** Below this many pending jobs, new ones are scheduled now and then. */
  minPending: number
  /** Chance per tick of scheduling one new job when below `minPending`. */
  pushChance: number
}

/** Default simulation rules. */
export const DEFAULT_RULES: SimulationRules = {
  maxRunning: 3,
  finishChance: 0.12,
  startChance: 0.6,
  minPending: 2,
  pushChance: 0.35,
}

const FINISH_REASONS: readonly (readonly [string, number])[] = [
  ['finished', 80],
  ['failed', 6],
  ['closespider_timeout', 4],
  ['closespider_itemcount', 3],
  ['memusage_exceeded', 2],
  ['cancelled (stalled)', 2],
  ['shutdown', 1],
]

function hex(random: () => number, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += Math.floor(random() * 16).toString(16)
  return s
}

type Stats = Record<string, number | string>

function statsOf(r: JobRecord): Stats {
  const s = r.meta.scrapystats
  return s && typeof s === 'object' && !Array.isArray(s) ? (s as Stats) : {}
}

function add(stats: Stats, key: string, n: number): void {
  const v = stats[key]
  stats[key] = (typeof v === 'number' ? v : 0) + n
}

/** The runner's first stats upload, right after its start. */
function startupStats(now: number, random: () => number): Stats {
  const startup = randInt(random, 58, 75) * 1024 * 1024
  return {
    'log_count/INFO': 9,
    'memusage/max': startup,
    'memusage/startup': startup,
    start_time: now,
  }
}

/** The stats after one more tick of crawling. */
function grown(r: JobRecord, random: () => number): Stats {
  const stats = { ...statsOf(r) }
  const pages = randInt(random, 3, 40)
  const items = randInt(random, 0, pages)
  add(stats, 'downloader/request_count', pages)
  add(stats, 'downloader/request_method_count/GET', pages)
  add(stats, 'downloader/request_bytes', pages * randInt(random, 280, 420))
  add(stats, 'downloader/response_count', pages)
  add(stats, 'downloader/response_bytes', pages * randInt(random, 12_000, 90_000))
  add(stats, 'downloader/response_status_count/200', pages)
  add(stats, 'response_received_count', pages)
  add(stats, 'scheduler/enqueued', pages + 1)
  add(stats, 'scheduler/dequeued', pages)
  add(stats, 'item_scraped_count', items)
  add(stats, 'log_count/DEBUG', pages + items)
  if (random() < 0.2) add(stats, 'log_count/INFO', 1)
  if (random() < 0.05) add(stats, 'log_count/WARNING', 1)
  if (random() < 0.02) add(stats, 'log_count/ERROR', 1)
  add(stats, 'memusage/max', randInt(random, 0, 2) * 1024 * 1024)
  return stats
}

/** What the runner does when the crawl ends: final stats upload, then JobQ `update` to finished. */
function finish(store: JobStore, r: JobRecord, stats: Stats, reason: string, now: number): void {
  const startTime = typeof stats.start_time === 'number' ? stats.start_time : now
  const final = {
    ...stats,
    finish_time: now,
    finish_reason: reason,
    elapsed_time_seconds: Math.max(0, now - startTime) / 1000,
  }
  store.merge(r.key, { scrapystats: final })
  updateJob(store, r.key, 'finished', { close_reason: reason }, now)
}

/**
 * One simulation step over every project, acting as JobQ's clients do and through the same
 * lifecycle functions as the routes: stop-requested jobs finish as `cancelled`, running jobs upload
 * growing stats (a metadata write) and sometimes finish (`update`), free slots take work with
 * `startjob`, and new jobs are `push`ed when few are waiting.
 */
export function simulateStep(
  store: JobStore,
  now: number,
  random: () => number,
  rules: SimulationRules = DEFAULT_RULES,
): void {
  for (const project of store.projects()) {
    const jobs = store.list(project)
    const running: JobRecord[] = []
    let waiting = 0
    for (const r of jobs) {
      const state = stateOf(r)
      if (state === 'running') running.push(r)
      else if (state === 'pending') waiting++
    }
    let active = running.length
    // The runner of each running job: honour a cancel request, or upload stats and maybe finish.
    for (const r of running) {
      if (r.meta.stop_requested === true) {
        finish(store, r, statsOf(r), 'cancelled', now)
        active--
        continue
      }
      const stats = grown(r, random)
      if (random() < rules.finishChance) {
        finish(store, r, stats, weighted(random, FINISH_REASONS), now)
        active--
      } else store.merge(r.key, { scrapystats: stats })
    }
    // Free slots ask JobQ for work (`startjob`: highest priority, then first in, first out).
    while (waiting > 0 && active < rules.maxRunning && random() < rules.startChance) {
      const started = startNextJob(store, project, {}, now, `kumo-${hex(random, 4)}`)
      if (!started) break
      store.merge(started.key as string, { scrapystats: startupStats(now, random) })
      waiting--
      active++
    }
    // A scheduler pushes new jobs when few are waiting.
    if (waiting < rules.minPending && random() < rules.pushChance) {
      const names = [
        ...new Set(jobs.map((r) => r.meta.spider).filter((s) => typeof s === 'string')),
      ] as string[]
      if (names.length) {
        pushJob(
          store,
          project,
          { spider: pick(random, names), tags: ['simulated'], scheduled_by: 'periodicjobs' },
          now,
        )
      }
    }
  }
}
