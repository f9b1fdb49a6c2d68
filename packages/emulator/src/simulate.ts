import { pushJob } from './lifecycle.ts'
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

function statsOf(r: JobRecord): Record<string, number | string> {
  const s = r.meta.scrapystats
  if (s && typeof s === 'object' && !Array.isArray(s)) return s as Record<string, number | string>
  const fresh: Record<string, number | string> = {}
  r.meta.scrapystats = fresh
  return fresh
}

function add(stats: Record<string, number | string>, key: string, n: number): void {
  const v = stats[key]
  stats[key] = (typeof v === 'number' ? v : 0) + n
}

function start(store: JobStore, r: JobRecord, now: number, random: () => number): void {
  store.setState(r.key, 'running', now)
  Object.assign(r.meta, {
    started_by: 'jobrunner',
    _shub_worker: `kumo-${hex(random, 4)}`,
    auth: `eyJhbGciOiJIUzI1NiJ9.${hex(random, 32)}.${hex(random, 22)}`,
  })
  const startup = randInt(random, 58, 75) * 1024 * 1024
  r.meta.scrapystats = {
    'log_count/INFO': 9,
    'memusage/max': startup,
    'memusage/startup': startup,
    start_time: now,
  }
}

function grow(r: JobRecord, random: () => number): void {
  const stats = statsOf(r)
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
}

function finish(store: JobStore, r: JobRecord, reason: string, now: number): void {
  const stats = statsOf(r)
  const startTime = typeof stats.start_time === 'number' ? stats.start_time : now
  Object.assign(stats, {
    finish_time: now,
    finish_reason: reason,
    elapsed_time_seconds: Math.max(0, now - startTime) / 1000,
  })
  store.setState(r.key, 'finished', now)
  r.meta.completed_by = 'jobrunner'
  r.meta.close_reason = reason
  delete r.meta.auth
}

/**
 * One simulation step over every project: stop-requested jobs finish as `cancelled`, running jobs
 * grow their stats and sometimes finish, pending jobs start while slots are free (oldest first),
 * and new pending jobs are scheduled when few are waiting.
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
    const pending: JobRecord[] = []
    for (const r of jobs) {
      const state = stateOf(r)
      if (state === 'running') running.push(r)
      else if (state === 'pending') pending.push(r)
    }
    let active = running.length
    for (const r of running) {
      if (r.meta.stop_requested === true) {
        finish(store, r, 'cancelled', now)
        active--
      } else if (random() < rules.finishChance) {
        grow(r, random)
        finish(store, r, weighted(random, FINISH_REASONS), now)
        active--
      } else grow(r, random)
    }
    // `jobs` is newest first, so the oldest pending job is last.
    for (let i = pending.length - 1; i >= 0 && active < rules.maxRunning; i--) {
      if (random() < rules.startChance) {
        start(store, pending[i]!, now, random)
        active++
      }
    }
    const waiting = pending.filter((r) => stateOf(r) === 'pending').length
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
