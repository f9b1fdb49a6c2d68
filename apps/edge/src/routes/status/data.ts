/**
 * The cached run lists behind the status pages and spider badges: one cache key per upstream
 * call, loaded through the Resolver like every other answer (single-flight, state-aware
 * lifetime, stale copies on failure). Entries hold Runs built from public rows only.
 */
import type { Context } from 'hono'
import type { CacheEntry } from '../../cache/policy.ts'
import { type CacheStatus, Refused, type Resolved } from '../../cache/resolve.ts'
import type { CacheConfig } from '../../config.ts'
import type { MaybePromise } from '../../maybe.ts'
import { sendFailure } from '../../respond.ts'
import type { AppState, EdgeEnv } from '../../state.ts'
import { UpstreamFailure } from '../../upstream.ts'
import { makeEntry } from '../job-entry.ts'
import { isActive, type Run, runsOf } from './runs.ts'

/** How many jobs per state a spider's page asks for. */
export const SPIDER_PAGE_JOBS = 20

/** A resolved run list. */
export type RunsResolved = Resolved & { entry: CacheEntry<Run[]> }

/**
 * Seconds a run list stays fresh: CACHE_TTL_LIST, or CACHE_TTL_ACTIVE when it holds a pending or
 * running job and that is shorter (its row changes as the job moves on).
 */
export function ttlForRuns(runs: readonly Run[], cfg: CacheConfig): number {
  return runs.some(isActive) ? Math.min(cfg.activeTtl, cfg.listTtl) : cfg.listTtl
}

function cachedRuns(
  c: Context<EdgeEnv>,
  state: AppState,
  key: string,
  project: number,
  upstream: 'storage' | 'jobq',
  fetchRows: () => Promise<unknown[]>,
): MaybePromise<RunsResolved | Response> {
  const hit = state.resolver.hit(key)
  if (hit !== undefined) return { entry: hit, status: 'HIT' } as RunsResolved
  const load = async () => {
    const runs = runsOf(await fetchRows(), project, state.config.publicFields)
    for (const r of runs) state.newest.note(project, r.spider, r.job)
    return makeEntry(runs, ttlForRuns(runs, state.config.cache), state)
  }
  return state.resolver.resolve(key, load, state.readOptions(c, upstream)).then(
    (r) => r as RunsResolved,
    (e: unknown) => {
      if (e instanceof UpstreamFailure || e instanceof Refused) return sendFailure(c, state, e)
      throw e
    },
  )
}

/** The last finished job of each spider of a project, or of one spider (lastjobsummary). */
export function lastRuns(
  c: Context<EdgeEnv>,
  state: AppState,
  project: number,
  spider?: number,
): MaybePromise<RunsResolved | Response> {
  const key = spider === undefined ? `lastjobs:${project}` : `lastjobs:${project}/${spider}`
  return cachedRuns(c, state, key, project, 'storage', () =>
    state.upstream.lastJobs(project, spider),
  )
}

/** The project's newest pending, running and finished jobs (at most LIST_MAX_COUNT of each). */
export function recentRuns(
  c: Context<EdgeEnv>,
  state: AppState,
  project: number,
): MaybePromise<RunsResolved | Response> {
  return cachedRuns(c, state, `recent:${project}`, project, 'jobq', () =>
    state.upstream.summaryRows(project, undefined, state.config.listMaxCount),
  )
}

/** A spider's newest jobs, up to SPIDER_PAGE_JOBS (or LIST_MAX_COUNT if lower) per state. */
export function spiderRuns(
  c: Context<EdgeEnv>,
  state: AppState,
  project: number,
  spider: number,
): MaybePromise<RunsResolved | Response> {
  const count = Math.min(SPIDER_PAGE_JOBS, state.config.listMaxCount)
  return cachedRuns(c, state, `spiderjobs:${project}/${spider}`, project, 'jobq', () =>
    state.upstream.summaryRows(project, spider, count),
  )
}

/** Both lists, at once when both are cached; the first problem Response when either fails. */
export function bothRuns(
  a: MaybePromise<RunsResolved | Response>,
  b: MaybePromise<RunsResolved | Response>,
): MaybePromise<[RunsResolved, RunsResolved] | Response> {
  if (a instanceof Promise || b instanceof Promise) {
    return Promise.all([a, b]).then(([x, y]) => bothRuns(x, y))
  }
  if (a instanceof Response) return a
  if (b instanceof Response) return b
  return [a, b]
}

const RANK: Record<CacheStatus, number> = { HIT: 0, REVALIDATED: 1, MISS: 2, STALE: 3 }

/**
 * How a page built from several entries was obtained: the worst cache status (a stale part makes
 * the page stale), the oldest read time and the shortest lifetime.
 */
export function combined(parts: readonly Resolved[]): Resolved {
  let worst = parts[0]!
  for (const p of parts) {
    if (RANK[p.status] > RANK[worst.status]) worst = p
    else if (p.stale === 'stale-if-error') worst = p.status === worst.status ? p : worst
  }
  const entry = {
    value: null,
    body: '',
    etag: '',
    storedAt: Math.min(...parts.map((p) => p.entry.storedAt)),
    ttl: Math.min(...parts.map((p) => p.entry.ttl)),
  }
  const ms = parts.flatMap((p) => (p.upstreamMs === undefined ? [] : [p.upstreamMs]))
  return {
    entry,
    status: worst.status,
    ...(worst.stale === undefined ? {} : { stale: worst.stale }),
    ...(ms.length > 0 ? { upstreamMs: Math.max(...ms) } : {}),
  }
}
