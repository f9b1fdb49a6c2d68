import { createPrng, pick, randInt, weighted } from '../prng.ts'
import type { JobSeed } from '../store.ts'
import { scrapyStats } from './stats.ts'

/** The demo project id. */
export const DEMO_PROJECT = 123456
/** The API key that reads the demo project. */
export const DEMO_APIKEY = '0123456789abcdef0123456789abcdef'

/** One demo spider: its id, name and what its jobs look like. */
export interface SpiderProfile {
  id: number
  name: string
  /** Typical items and pages per run. */
  items: number
  pages: number
  /** Typical run time in minutes. */
  minutes: number
  tags: string[][]
  args?: Record<string, string>[]
  /** Extra user keys some of its jobs carry. */
  custom?: (random: () => number, n: number) => Record<string, unknown>
  periodic: boolean
}

/** The demo project's six spiders (ids 1..6). */
export const DEMO_SPIDERS: readonly SpiderProfile[] = [
  {
    id: 1,
    name: 'books.toscrape.com',
    items: 1000,
    pages: 1050,
    minutes: 6,
    tags: [['daily'], ['daily', 'catalog'], []],
    periodic: true,
  },
  {
    id: 2,
    name: 'quotes-js',
    items: 100,
    pages: 12,
    minutes: 2,
    tags: [['playwright'], ['playwright', 'smoke'], []],
    args: [{ tag: 'humor' }, { tag: 'love' }, { tag: 'inspirational' }],
    periodic: false,
  },
  {
    id: 3,
    name: 'product-catalog',
    items: 24_000,
    pages: 26_500,
    minutes: 95,
    tags: [['prod', 'eu'], ['prod', 'us'], ['backfill']],
    args: [
      { country: 'de', category: 'electronics' },
      { country: 'fr', category: 'home' },
      { country: 'us', category: 'toys' },
    ],
    custom: (random, n) => ({
      dataset: `catalog-${n % 3 === 0 ? 'eu' : 'us'}`,
      run_id: hex(random, 12),
    }),
    periodic: true,
  },
  {
    id: 4,
    name: 'price-monitor',
    items: 3200,
    pages: 3400,
    minutes: 18,
    tags: [['hourly', 'prices'], ['hourly', 'prices', 'retry'], ['prices']],
    periodic: true,
    custom: (random) => ({ source_commit: hex(random, 7), alert_threshold: 0.05 }),
  },
  {
    id: 5,
    name: 'news-articles',
    items: 850,
    pages: 2100,
    minutes: 25,
    tags: [['news'], ['news', 'incremental'], []],
    args: [{ since: '1d' }, { since: '7d', section: 'tech' }],
    periodic: true,
  },
  {
    id: 6,
    name: 'job-listings',
    items: 4800,
    pages: 6100,
    minutes: 40,
    tags: [['weekly'], ['weekly', 'jobs-board'], []],
    custom: (_random, n) => ({
      notes: n % 4 === 0 ? 'rerun after proxy change' : 'scheduled crawl',
    }),
    periodic: false,
  },
]

const USERS = ['alice', 'bob', 'carol', 'dmitri']

const CLOSE_REASONS: readonly (readonly [string, number])[] = [
  ['finished', 78],
  ['failed', 5],
  ['cancelled', 3],
  ['cancelled (stalled)', 2],
  ['cancelled (24h limit)', 1],
  ['memusage_exceeded', 2],
  ['closespider_timeout', 3],
  ['closespider_itemcount', 2],
  ['closespider_errorcount', 1],
  ['closespider_pagecount', 1],
  ['shutdown', 1],
  ['killed by oom', 0.5],
  ['diskusage_exceeded', 0.5],
]

function hex(random: () => number, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += Math.floor(random() * 16).toString(16)
  return s
}

/** Options of `generateJobs`. */
export interface GenerateOptions {
  /** Project id (default DEMO_PROJECT). */
  project?: number
  /** The clock reading the newest job is relative to (epoch ms; default Date.now()). */
  now?: number
  /** PRNG seed (default 1): the same seed and `now` give the same jobs. */
  seed?: number
  /** Time the jobs are spread over, back from `now` (default 14 days). */
  spanMs?: number
  /** How many of the newest jobs are pending / running (defaults 5 / 3). */
  pending?: number
  running?: number
  /** Share of older finished jobs that are deleted (default 0.04). */
  deletedShare?: number
  /** Fewer stats keys per job, for very large stores. */
  lean?: boolean
}

// Periodic spiders run three times as often.
const SPIDER_WEIGHTS = DEMO_SPIDERS.map((s) => [s, s.periodic ? 3 : 1] as const)
const PRIORITIES = [
  [2, 8],
  [3, 1],
  [1, 1],
] as const
const UNITS = [
  [1, 8],
  [2, 2],
  [4, 1],
] as const

const HOUR = 3_600_000
const MINUTE = 60_000

/**
 * Generates `count` realistic, deterministic jobs for one project, oldest scheduled first; the
 * newest are pending, a few before them running, the rest finished (a share deleted).
 */
export function generateJobs(count: number, options: GenerateOptions = {}): JobSeed[] {
  const project = options.project ?? DEMO_PROJECT
  const now = options.now ?? Date.now()
  const random = createPrng(options.seed ?? 1)
  const span = options.spanMs ?? 14 * 24 * HOUR
  const nPending = Math.min(count, options.pending ?? 5)
  const nRunning = Math.min(count - nPending, options.running ?? 3)
  const deletedShare = options.deletedShare ?? 0.04
  const step = span / Math.max(1, count)
  const jobNumbers = new Map<number, number>()
  let deployId = 40
  let version = hex(random, 7)
  const jobs: JobSeed[] = []
  for (let i = 0; i < count; i++) {
    const fromEnd = count - i
    const spider = weighted(random, SPIDER_WEIGHTS)
    const n = (jobNumbers.get(spider.id) ?? 0) + 1
    jobNumbers.set(spider.id, n)
    if (random() < 0.015) {
      deployId++
      version = hex(random, 7)
    }
    const isPending = fromEnd <= nPending
    const isRunning = !isPending && fromEnd <= nPending + nRunning
    let pendingTime: number
    if (isPending) pendingTime = now - fromEnd * randInt(random, 20_000, 50_000)
    else if (isRunning)
      pendingTime = now - (fromEnd - nPending) * randInt(random, 4, 9) * MINUTE - 5 * MINUTE
    else pendingTime = Math.round(now - fromEnd * step - random() * step * 0.5 - 20 * MINUTE)
    const periodic = spider.periodic && random() < 0.8
    const meta: Record<string, unknown> = {
      project,
      spider: spider.name,
      spider_type: 'manual',
      priority: weighted(random, PRIORITIES),
      units: weighted(random, UNITS),
      state: 'pending',
      tags: [...pick(random, spider.tags)],
      version: `${version}-master`,
      deploy_id: deployId,
      scheduled_by: periodic ? 'periodicjobs' : pick(random, USERS),
      pending_time: pendingTime,
    }
    if (spider.args && random() < 0.7) meta.spider_args = { ...pick(random, spider.args) }
    if (spider.custom && random() < 0.6) Object.assign(meta, spider.custom(random, n))
    if (!periodic && random() < 0.5) meta.api_url = 'https://app.zyte.com/api/'
    const key = `${project}/${spider.id}/${n}`
    if (isPending) {
      jobs.push({ key, ...meta })
      continue
    }
    const scale = 0.4 + random() * 1.2
    const runningTime = pendingTime + randInt(random, 800, 45_000)
    Object.assign(meta, {
      state: 'running',
      running_time: runningTime,
      started_by: 'jobrunner',
      _shub_worker: `kumo-${hex(random, 4)}`,
    })
    if (isRunning) {
      const fraction = Math.min(0.95, (now - runningTime) / (spider.minutes * MINUTE * scale))
      const pages = Math.max(1, Math.round(spider.pages * scale * fraction))
      meta.auth = `eyJhbGciOiJIUzI1NiJ9.${hex(random, 32)}.${hex(random, 22)}`
      meta.scrapystats = scrapyStats(random, {
        items: Math.round(spider.items * scale * fraction),
        pages,
        errors: random() < 0.2 ? randInt(random, 1, 4) : 0,
        startTime: runningTime + randInt(random, 1500, 4000),
        memoryMiB: randInt(random, 80, 260),
        lean: options.lean ?? false,
      })
      jobs.push({ key, ...meta })
      continue
    }
    const reason = weighted(random, CLOSE_REASONS)
    const cancelledEarly = reason === 'cancelled' && random() < 0.4
    if (cancelledEarly) {
      delete meta.running_time
      delete meta.started_by
      delete meta._shub_worker
      Object.assign(meta, {
        state: 'finished',
        finished_time: pendingTime + randInt(random, 5_000, 10 * MINUTE),
        completed_by: 'jobrunner',
        cancelled_by: pick(random, USERS),
        close_reason: 'cancelled',
      })
    } else {
      let minutes = spider.minutes * scale
      let completeness = 1
      if (reason === 'failed') completeness = random() * 0.3
      else if (reason.startsWith('cancelled') || reason === 'shutdown')
        completeness = random() * 0.8
      else if (reason === 'memusage_exceeded' || reason === 'killed by oom') completeness = 0.6
      else if (reason === 'cancelled (24h limit)') minutes = 24 * 60
      else if (reason.startsWith('closespider_')) completeness = 0.5 + random() * 0.4
      if (reason === 'cancelled (stalled)') minutes *= 3
      const duration = Math.max(
        2_000,
        Math.min(minutes * completeness * MINUTE, now - runningTime - MINUTE),
      )
      const startTime = runningTime + randInt(random, 1500, 4000)
      const finishTime = Math.round(startTime + duration)
      const items = Math.round(spider.items * scale * completeness)
      const errors =
        reason === 'failed'
          ? randInt(random, 1, 30)
          : reason === 'closespider_errorcount'
            ? 50
            : random() < 0.15
              ? randInt(random, 1, 5)
              : 0
      const memoryMiB =
        reason === 'memusage_exceeded' || reason === 'killed by oom'
          ? 1024
          : randInt(random, 80, 320)
      meta.scrapystats = scrapyStats(random, {
        items,
        pages: Math.max(1, Math.round(spider.pages * scale * completeness)),
        errors,
        startTime,
        finishTime,
        finishReason: reason,
        memoryMiB,
        lean: options.lean ?? false,
      })
      Object.assign(meta, {
        state: 'finished',
        finished_time: finishTime + randInt(random, 300, 3000),
        completed_by: 'jobrunner',
        close_reason: reason,
      })
      if (reason.startsWith('cancelled') || reason === 'shutdown') {
        meta.cancelled_by = reason === 'cancelled' ? pick(random, USERS) : 'jobrunner'
        meta.stop_requested = true
      }
    }
    const finishedTime = meta.finished_time as number
    if (fromEnd > count * 0.2 && random() < deletedShare) {
      Object.assign(meta, {
        state: 'deleted',
        deleted_time: Math.min(now - MINUTE, finishedTime + randInt(random, 1, 72) * HOUR),
        deleted_by: pick(random, USERS),
      })
    }
    jobs.push({ key, ...meta })
  }
  return jobs
}

/** The demo project's jobs (about 420), relative to `now`. */
export function demoJobs(now: number): JobSeed[] {
  return generateJobs(420, { project: DEMO_PROJECT, now, seed: 20190820 })
}
