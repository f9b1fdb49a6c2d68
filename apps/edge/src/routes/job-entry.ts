/** Shared by the job, field and badge routes: validated ids, the public check and the cached job entry. */
import type { Context } from 'hono'
import { type CacheEntry, cacheControl, ttlForJob } from '../cache/policy.ts'
import type { Resolved } from '../cache/resolve.ts'
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

/** A validated job key. */
export interface Ids {
  project: number
  spider: number
  job: number
  key: string
}

/** Validates :project, :spider and :job, and that the project is public; a Response when not. */
export function checkIds(c: Context<EdgeEnv>, state: AppState): Ids | Response {
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
    return sendProblem(
      c,
      state,
      problem('not-published', `project ${project} is not published by this worker`),
    )
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
 * or the job does not exist (a 404 cached for CACHE_TTL_MISSING). Synchronous on a cache hit.
 */
export function jobEntry(
  c: Context<EdgeEnv>,
  state: AppState,
  ids: Ids,
): MaybePromise<JobResolved | Response> {
  const key = `job:${ids.key}`
  const hit = state.resolver.hit(key)
  if (hit !== undefined) return existing(c, state, ids, { entry: hit, status: 'HIT' })
  return loadJob(c, state, ids, key)
}

function existing(
  c: Context<EdgeEnv>,
  state: AppState,
  ids: Ids,
  r: Resolved,
): JobResolved | Response {
  if (r.entry.value !== null) return r as JobResolved
  noteCache(c, r)
  return sendProblem(c, state, problem('job-not-found', `job ${ids.key} does not exist`), {
    'cache-control': cacheControl(r.entry.ttl, state.config.cache),
  })
}

async function loadJob(
  c: Context<EdgeEnv>,
  state: AppState,
  ids: Ids,
  key: string,
): Promise<JobResolved | Response> {
  const load = async () => {
    const meta = await state.upstream.job(ids)
    if (meta === null) return makeEntry(null, ttlForJob(undefined, state.config.cache), state)
    const st = typeof meta.state === 'string' ? meta.state : 'unknown'
    return makeEntry(
      publicJob(meta, ids, state.config.publicFields),
      ttlForJob(st, state.config.cache),
      state,
    )
  }
  try {
    return existing(c, state, ids, await state.resolver.resolve(key, load, state.waitUntil(c)))
  } catch (e) {
    if (e instanceof UpstreamFailure) return sendFailure(c, state, e, `job ${ids.key}`)
    throw e
  }
}
