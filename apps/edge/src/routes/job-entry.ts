/** Shared by the job, field and badge routes: validated ids, the public check and the cached job entry. */
import type { JobKey } from '@jobmeta/core'
import type { Context } from 'hono'
import { type CacheEntry, cacheControl, ttlForJob } from '../cache/policy.ts'
import { Refused, type Resolved } from '../cache/resolve.ts'
import { etagOf } from '../etag.ts'
import type { MaybePromise } from '../maybe.ts'
import { problem } from '../problem.ts'
import { noteCache, sendFailure, sendProblem } from '../respond.ts'
import { ID_PATTERN, IdParam, MAX_ID } from '../schemas.ts'
import { type PublicJob, publicJob } from '../security/public-fields.ts'
import { containsSecret, scrub } from '../security/secrets.ts'
import type { AppState, EdgeEnv } from '../state.ts'
import { UpstreamFailure } from '../upstream.ts'
import { checkParam } from '../validate.ts'

/** Validates :project, :spider and :job, and that the project is public; a Response when not. */
export function checkIds(c: Context<EdgeEnv>, state: AppState): JobKey | Response {
  const out: number[] = []
  for (const name of ['project', 'spider', 'job'] as const) {
    const raw = c.req.param(name)
    // the common case, valid ids, skips building a zod result; zod decides (and words) the rest
    if (raw !== undefined && ID_PATTERN.test(raw) && Number(raw) <= MAX_ID) {
      out.push(Number(raw))
      continue
    }
    const r = checkParam(IdParam, name, raw)
    if (!r.ok) return sendProblem(c, state, r.problem)
    out.push(Number(r.value))
  }
  const [project, spider, job] = out as [number, number, number]
  if (!state.config.publicProjects.has(project)) {
    const p = problem('not-published', 'this project is not published by this worker', {
      parameter: 'project',
    })
    return sendProblem(c, state, p)
  }
  return { project, spider, job, key: `${project}/${spider}/${job}` }
}

/** Builds a cache entry from public data, scrubbing any secret that made it into the data. */
export function makeEntry<T>(value: T, ttl: number, state: AppState): CacheEntry<T> {
  let body = JSON.stringify(value)
  if (containsSecret(body, state.secrets)) {
    body = scrub(body, state.secrets)
    value = JSON.parse(body) as T
  }
  return { value, body, etag: etagOf(body), storedAt: state.now(), ttl }
}

/** A resolved job entry (the job exists). */
export type JobResolved = Resolved & { entry: CacheEntry<PublicJob> }

/**
 * The job's cache entry, loaded through the cache layers; a problem Response when upstream fails
 * or the job does not exist (a 404 cached for CACHE_TTL_MISSING, or CACHE_TTL_MISSING_NEWER when
 * the job number is above its spider's newest known job). Synchronous on a cache hit.
 */
export function jobEntry(
  c: Context<EdgeEnv>,
  state: AppState,
  ids: JobKey,
): MaybePromise<JobResolved | Response> {
  const key = `job:${ids.key}`
  const hit = state.resolver.hit(key)
  if (hit !== undefined) return existing(c, state, { entry: hit, status: 'HIT' })
  return loadJob(c, state, ids, key)
}

function existing(c: Context<EdgeEnv>, state: AppState, r: Resolved): JobResolved | Response {
  if (r.entry.value !== null) return r as JobResolved
  noteCache(c, r)
  return sendProblem(c, state, problem('job-not-found', 'this job does not exist'), {
    'cache-control': cacheControl(r.entry.ttl, state.config.cache),
  })
}

async function loadJob(
  c: Context<EdgeEnv>,
  state: AppState,
  ids: JobKey,
  key: string,
): Promise<JobResolved | Response> {
  const { cache } = state.config
  const load = async () => {
    const meta = await state.upstream.job(ids)
    if (meta === null) {
      const newer = state.newest.isAbove(ids.project, ids.spider, ids.job)
      return makeEntry(null, newer ? cache.missingNewerTtl : ttlForJob(undefined, cache), state)
    }
    state.newest.note(ids.project, ids.spider, ids.job)
    const st = typeof meta.state === 'string' ? meta.state : 'unknown'
    return makeEntry(publicJob(meta, ids, state.config.publicFields), ttlForJob(st, cache), state)
  }
  try {
    const r = await state.resolver.resolve(key, load, state.readOptions(c, 'storage'))
    return existing(c, state, r)
  } catch (e) {
    if (e instanceof UpstreamFailure || e instanceof Refused) return sendFailure(c, state, e)
    throw e
  }
}
