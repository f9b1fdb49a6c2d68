import { BadRequestError, InvalidKeyError } from './errors.ts'
import { parseJson, parseJsonLinesText } from './jsonlines.ts'
import { parseJobKey, parseKey } from './key.ts'
import { parseProjectId } from './projects.ts'
import { cancelJobs, type PushedJob, type PushParams, pushJob } from './scheduling.ts'
import {
  checkCount,
  checkJobQRow,
  checkJobQSummary,
  type JobQRow,
  type JobQSummary,
} from './schema.ts'
import { createSpiderIds, type SpiderRef } from './spiders.ts'
import { JOB_STATES, type JobState } from './states.ts'
import type { RequestOptions, RequestSpec, Transport } from './transport.ts'

/** JobQ list/count filters (wire names in brackets). */
export interface ListFilters {
  /** [state] repeatable; the server's default is finished only. */
  state?: readonly JobState[] | JobState
  /** [spider] spider name. */
  spider?: string
  /** [has_tag] jobs with any of these tags. */
  hasTag?: readonly string[] | string
  /** [lacks_tag] jobs with none of these tags. */
  lacksTag?: readonly string[] | string
  /** [startts] epoch ms, inclusive. */
  startTs?: number
  /** [endts] epoch ms, exclusive. */
  endTs?: number
  /** [count] at most this many rows. */
  count?: number
  /** [start] skip this many rows. */
  start?: number
  /** [stop] a job key: results stop before it. */
  stop?: string
  /** [key] only these jobs. */
  key?: readonly string[]
  /** [jobmeta] return only key, state, elapsed, ts and these fields. */
  meta?: readonly string[]
}

/** Options of `summary()` (wire names in brackets). */
export interface SummaryOptions extends RequestOptions {
  /** [count] rows per state; the server's default is 5. */
  count?: number
  /** [start] skip this many rows per state. */
  start?: number
  /** [jobmeta] rows then hold only key, state, elapsed, ts, these fields and the tags. */
  meta?: readonly string[]
  /** Narrow to one spider, by id or name (default: the spider of a "P/S" handle). */
  spider?: SpiderRef
}

/** Options of `jobSummary()`. */
export interface JobSummaryOptions extends RequestOptions {
  /** [jobmeta] rows then hold only key, state, elapsed, ts, these fields and the tags. */
  meta?: readonly string[]
}

/** Options of `lastJobs()` (wire names in brackets). */
export interface LastJobsOptions {
  /** Only this spider, by id or name (default: the spider of a "P/S" handle, else every spider). */
  spider?: SpiderRef
  /** [jobmeta] rows then hold only key, state, elapsed, ts, these fields and the tags. */
  meta?: readonly string[]
  /** [count] at most this many rows. */
  count?: number
  /** [start] skip this many rows. */
  start?: number
}

/** Job listing of one project (JobQ). */
export interface ProjectJobs {
  readonly project: number
  /** Rows newest first, parsed as the body streams in (constant memory for any number of rows). */
  list(filters?: ListFilters, opts?: RequestOptions): AsyncIterable<JobQRow>
  /** Number of jobs matching the filters. */
  count(filters?: ListFilters, opts?: RequestOptions): Promise<number>
  /**
   * Per-state counts and newest rows, pending, running and finished (or only `state`); narrowed to
   * a spider by `options.spider` or a "P/S" handle.
   */
  summary(
    state?: 'pending' | 'running' | 'finished',
    options?: SummaryOptions,
  ): Promise<JobQSummary[]>
  /** JobQ rows of the given jobs (jobsummary). */
  jobSummary(keys: string[], options?: JobSummaryOptions): Promise<JobQRow[]>
  /**
   * The last job of each spider (or of one spider), as rows like `list()`'s, streamed the same
   * way (`GET /spiders/P[/S]/lastjobsummary`).
   */
  lastJobs(options?: LastJobsOptions, opts?: RequestOptions): AsyncIterable<JobQRow>
  /**
   * The id of the spider called `name`, or undefined when the project has none (`GET
   * /ids/P/spider/NAME`); found ids are remembered by this handle. Calls that take a spider id
   * also take a name and look it up here.
   */
  spiderId(name: string, opts?: RequestOptions): Promise<number | undefined>
  /**
   * Schedule a job of `spider` through JobQ (`POST /jobq/P/push`); `params` use the wire names
   * (`priority`, `units`, `tags`, `add_tag`, `unique`, `state`, any metadata). Not retried.
   * DuplicateJobError when `unique` is held by a pending or running job.
   */
  push(spider: string, params?: PushParams, opts?: RequestOptions): Promise<PushedJob>
  /**
   * Cancel jobs of this project (`POST /jobq/P/cancel`): pending ones finish as cancelled, running
   * ones are asked to stop. Answers how many changed. Not retried.
   */
  cancel(keys: readonly string[], opts?: RequestOptions): Promise<number>
}

const list = <T>(v: T | readonly T[] | undefined): T[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? [...(v as readonly T[])] : [v as T]

function nonNegativeInt(name: string, v: number | undefined): number | undefined {
  if (v !== undefined && !(Number.isSafeInteger(v) && v >= 0)) {
    throw new BadRequestError(`Filter ${name} must be a non-negative integer, got ${String(v)}`)
  }
  return v
}

function finite(name: string, v: number | undefined): number | undefined {
  if (v !== undefined && !Number.isFinite(v))
    throw new BadRequestError(`Filter ${name} must be a number (epoch ms)`)
  return v
}

/** The `jobmeta` query values of a `meta` option. */
const jobmeta = (meta: readonly string[] | undefined): string[] | undefined =>
  meta ? [...meta] : undefined

/** The JobQ query string of a set of filters, checked locally. */
export function filtersToQuery(
  filters: ListFilters = {},
): Record<string, string | number | (string | number)[] | undefined> {
  const states = list(filters.state)
  for (const s of states ?? []) {
    if (!JOB_STATES.includes(s))
      throw new BadRequestError(`Unknown state "${s}": expected one of ${JOB_STATES.join(', ')}`)
  }
  return {
    state: states,
    spider: filters.spider,
    has_tag: list(filters.hasTag),
    lacks_tag: list(filters.lacksTag),
    startts: finite('startTs', filters.startTs),
    endts: finite('endTs', filters.endTs),
    count: nonNegativeInt('count', filters.count),
    start: nonNegativeInt('start', filters.start),
    stop: filters.stop === undefined ? undefined : parseJobKey(filters.stop).key,
    key: filters.key?.map((k) => parseJobKey(k).key),
    jobmeta: jobmeta(filters.meta),
  }
}

function parseLines(text: string): unknown[] {
  const t = text.trim()
  if (t.startsWith('[')) {
    const v = parseJson(t)
    return Array.isArray(v) ? v : [v]
  }
  return parseJsonLinesText(t)
}

/** A GET on the JobQ or storage base (idempotent, so retried under the policy). */
function get(
  path: string,
  query: RequestSpec['query'],
  opts: RequestOptions,
  base: RequestSpec['base'] = 'jobq',
): RequestSpec {
  return { method: 'GET', base, path, query, idempotent: true, signal: opts.signal }
}

/** Create the JobQ handle of a project (number, "P", or "P/S" to narrow summaries to a spider). */
export function createProjectJobs(t: Transport, projectInput: number | string): ProjectJobs {
  let project: number
  let spider: number | undefined
  if (typeof projectInput === 'number') project = parseProjectId(projectInput)
  else {
    const k = parseKey(projectInput)
    if (k.kind === 'job')
      throw new InvalidKeyError(
        `Expected a project ("P") or spider ("P/S"), got the job key ${k.key}`,
      )
    project = k.project
    spider = k.kind === 'spider' ? k.spider : undefined
  }

  const spiders = createSpiderIds(t, project)
  /** The spider id a call narrows to: the option (looked up if a name), else the handle's. */
  const spiderOf = async (
    ref: SpiderRef | undefined,
    opts: RequestOptions,
  ): Promise<number | undefined> => {
    if (ref === undefined) return spider
    const id = await spiders.resolve(ref, opts)
    if (spider !== undefined && id !== spider)
      throw new BadRequestError(
        `Spider ${JSON.stringify(ref)} is not the spider ${spider} of this handle (${project}/${spider})`,
      )
    return id
  }

  return {
    project,
    async *list(filters = {}, opts = {}) {
      const query = filtersToQuery(filters)
      const spec = get(`jobq/${project}/list`, query, opts)
      for await (const { value, url } of t.lines(spec)) {
        yield await t.validate(checkJobQRow, value, `JobQ row of project ${project}`, url)
      }
    },

    async count(filters = {}, opts = {}) {
      const query = filtersToQuery(filters)
      const spec = get(`jobq/${project}/count`, query, opts)
      return t.json(spec, (text, _type, url) =>
        t.validate(checkCount, parseJson(text.trim()), `JobQ count of project ${project}`, url),
      )
    },

    async summary(state, options = {}) {
      if (state !== undefined && !['pending', 'running', 'finished'].includes(state)) {
        throw new BadRequestError(
          `Unknown summary state "${state}": expected pending, running or finished`,
        )
      }
      const query = {
        count: nonNegativeInt('count', options.count),
        start: nonNegativeInt('start', options.start),
        jobmeta: jobmeta(options.meta),
      }
      const id = await spiderOf(options.spider, options)
      const path = `jobq/${project}${id === undefined ? '' : `/${id}`}/summary${state ? `/${state}` : ''}`
      return t.json(get(path, query, options), (text, _type, url) =>
        Promise.all(
          parseLines(text).map((v) =>
            t.validate(checkJobQSummary, v, `JobQ summary of project ${project}`, url),
          ),
        ),
      )
    },

    async jobSummary(keys, options = {}) {
      const query = { key: keys.map((k) => parseJobKey(k).key), jobmeta: jobmeta(options.meta) }
      const spec = get(`jobq/${project}/jobsummary`, query, options)
      return t.json(spec, (text, _type, url) =>
        Promise.all(
          parseLines(text).map((v) =>
            t.validate(checkJobQRow, v, `JobQ row of project ${project}`, url),
          ),
        ),
      )
    },

    async *lastJobs(options = {}, opts = {}) {
      const query = {
        count: nonNegativeInt('count', options.count),
        start: nonNegativeInt('start', options.start),
        jobmeta: jobmeta(options.meta),
      }
      const id = await spiderOf(options.spider, opts)
      const path = `spiders/${project}${id === undefined ? '' : `/${id}`}/lastjobsummary`
      for await (const { value, url } of t.lines(get(path, query, opts, 'storage'))) {
        yield await t.validate(checkJobQRow, value, `last job row of project ${project}`, url)
      }
    },

    spiderId: (name, opts) => spiders.id(name, opts),
    push: (name, params = {}, opts = {}) => pushJob(t, project, name, params, opts),
    cancel: (keys, opts = {}) => cancelJobs(t, project, keys, opts),
  }
}
