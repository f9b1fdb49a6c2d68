// The JobQ writes a scheduler needs: push a job, cancel jobs. Neither is idempotent (a repeated
// push schedules twice), so neither is retried.
import { BadRequestError, DuplicateJobError, JobmetaError } from './errors.ts'
import { jsonBody } from './job.ts'
import { parseJson, parseJsonLinesText } from './jsonlines.ts'
import { parseJobKey } from './key.ts'
import { checkCancelAnswer, checkPushAnswer } from './schema.ts'
import type { JobState } from './states.ts'
import type { RequestOptions, RequestSpec, Transport } from './transport.ts'

/** What `push` may set besides the spider name (wire names; any other key is stored as metadata). */
export interface PushParams {
  /** Create the job directly in this state (default pending). */
  state?: JobState
  /** 0 (lowest) to 4 (highest), default 2. */
  priority?: number
  /** Units the job takes, default 1. */
  units?: number
  /** Tags of the job. */
  tags?: string[]
  /** More tags (a tag or a list). */
  add_tag?: string | string[]
  /** Refuse the push while a pending or running job holds the same key (DuplicateJobError). */
  unique?: string
  /** Spider arguments. */
  spider_args?: Record<string, string>
  [field: string]: unknown
}

/** A pushed job: its key and, for a job pushed running, its job token. */
export interface PushedJob {
  key: string
  auth: string | null
}

function jobqPost(path: string, body: string, opts: RequestOptions): RequestSpec {
  return { method: 'POST', base: 'jobq', path, body, idempotent: false, signal: opts.signal }
}

/** `POST /jobq/P/push`: schedule one job of `spider`; DuplicateJobError when `unique` is held. */
export async function pushJob(
  t: Transport,
  project: number,
  spider: string,
  params: PushParams,
  opts: RequestOptions,
): Promise<PushedJob> {
  if (typeof spider !== 'string' || spider === '')
    throw new BadRequestError('push needs a spider name')
  const body = jsonBody({ ...params, spider }, `the push of a ${spider} job`)
  const spec = jobqPost(`jobq/${project}/push`, body, opts)
  const { answer, url } = await t.json(spec, async (text, _type, url) => {
    const [line] = parseJsonLinesText(text.trim())
    const answer = await t.validate(checkPushAnswer, line, `push answer of project ${project}`, url)
    return { answer: answer as Record<string, unknown> | undefined, url }
  })
  if (typeof answer?.error === 'string')
    throw new DuplicateJobError(t.redact(`POST ${url()}: ${answer.error}`), { url: url() })
  if (typeof answer?.key !== 'string')
    throw new JobmetaError(`POST ${url()}: the push answered no job key`, { url: url() })
  return { key: answer.key, auth: typeof answer.auth === 'string' ? answer.auth : null }
}

/** `POST /jobq/P/cancel`: cancel these jobs of the project; answers how many changed. */
export async function cancelJobs(
  t: Transport,
  project: number,
  keys: readonly string[],
  opts: RequestOptions,
): Promise<number> {
  const parsed = keys.map((k) => parseJobKey(k))
  const foreign = parsed.find((k) => k.project !== project)
  if (foreign) throw new BadRequestError(`Job ${foreign.key} is not in project ${project}`)
  if (!parsed.length) return 0
  const body = JSON.stringify(parsed.map((k) => ({ key: k.key })))
  return t.json(jobqPost(`jobq/${project}/cancel`, body, opts), async (text, _type, url) => {
    const answer = await t.validate(
      checkCancelAnswer,
      parseJson(text.trim()),
      `cancel answer of project ${project}`,
      url,
    )
    return typeof answer?.count === 'number' ? answer.count : 0
  })
}
