import { z } from 'zod'

/** The four job states, in lifecycle order. */
export const JOB_STATES = ['pending', 'running', 'finished', 'deleted'] as const
/** A job state. */
export type JobState = (typeof JOB_STATES)[number]
/** Schema of a job state. */
export const JobStateSchema = z.enum(JOB_STATES)

/** Scrapy stats: slash-containing names mapped to numbers (floats too) or strings. */
export const ScrapyStatsSchema = z.record(z.string(), z.union([z.number(), z.string()]))
/** Scrapy stats as a plain record. */
export type ScrapyStats = Record<string, number | string>

const epochMs = z.number().describe('epoch milliseconds')
const user = z.string()

/** The fields of the spec's field table (all optional: which are present depends on state and job type). */
export const knownFieldsShape = {
  project: z.int(),
  spider: z.string().describe('spider name'),
  state: JobStateSchema,
  priority: z.int(),
  units: z.int(),
  spider_type: z.string(),
  tags: z.array(z.string()),
  spider_args: z.record(z.string(), z.string()),
  job_settings: z.record(z.string(), z.unknown()),
  environment: z.record(z.string(), z.string()),
  job_cmd: z.array(z.string()),
  version: z.string(),
  deploy_id: z.int(),
  api_url: z.string(),
  scheduled_by: user,
  started_by: user,
  completed_by: user,
  deleted_by: user,
  cancelled_by: user,
  pending_time: epochMs,
  running_time: epochMs,
  finished_time: epochMs,
  deleted_time: epochMs,
  close_reason: z.string().describe('free-form; see WELL_KNOWN_CLOSE_REASONS'),
  scrapystats: ScrapyStatsSchema,
  _shub_worker: z.string(),
  stop_requested: z.boolean(),
  auth: z.string().describe('JWT of a running job; only returned by the field route'),
  // merged in by ?add_summary=1
  key: z.string(),
  ts: epochMs,
  elapsed: z.number(),
  items: z.number(),
  pages: z.number(),
  logs: z.number(),
  errors: z.number(),
} as const

const optionalShape = Object.fromEntries(
  Object.entries(knownFieldsShape).map(([k, v]) => [k, v.optional()]),
) as { [K in keyof typeof knownFieldsShape]: z.ZodOptional<(typeof knownFieldsShape)[K]> }

/** Job metadata: every spec field typed, unknown fields kept as they are. */
export const JobMetadataSchema = z.looseObject(optionalShape)
/** Job metadata object. */
export type JobMetadata = z.infer<typeof JobMetadataSchema>
/** The typed (known) fields of job metadata. */
export type KnownFields = {
  [K in keyof typeof knownFieldsShape]: z.infer<(typeof knownFieldsShape)[K]>
}
/** Names of the known fields. */
export type KnownFieldName = keyof KnownFields
/** The value type of a field: typed for known names, unknown otherwise. */
export type FieldValue<K extends string> = K extends KnownFieldName ? KnownFields[K] : unknown

/** A row of a JobQ listing. With `meta`/`jobmeta` only key, state, elapsed, ts and the requested fields. */
export const JobQRowSchema = z.looseObject({
  key: z.string(),
  ts: epochMs,
  state: JobStateSchema,
  elapsed: z.number(),
  spider: z.string().optional(),
  pending_time: epochMs.optional(),
  running_time: epochMs.optional(),
  finished_time: epochMs.optional(),
  deleted_time: epochMs.optional(),
  tags: z.array(z.string()).optional(),
  close_reason: z.string().optional(),
  items: z.number().optional(),
  pages: z.number().optional(),
  logs: z.number().optional(),
  errors: z.number().optional(),
  version: z.string().optional(),
})
/** A JobQ list row. */
export type JobQRow = z.infer<typeof JobQRowSchema>

/** One line of a JobQ summary: the state, its job count and the newest rows. */
export const JobQSummarySchema = z.looseObject({
  name: z.enum(['pending', 'running', 'finished']),
  count: z.int().nonnegative(),
  summary: z.array(JobQRowSchema),
})
/** A JobQ summary line. */
export type JobQSummary = z.infer<typeof JobQSummarySchema>

const count = z.int().nonnegative()

/**
 * A project's job counts (`GET /projects/P/jobsummary`): jobs per state, the units running jobs
 * hold, and whether it may start more. Unknown fields are kept.
 */
export const ProjectJobSummarySchema = z.looseObject({
  project: z.int(),
  pending: count,
  running: count,
  finished: count,
  running_units_count: count.optional(),
  pending_units_max: z.int().nullable().optional(),
  has_capacity: z.boolean().optional(),
})
/** A project's job counts. */
export type ProjectJobSummary = z.infer<typeof ProjectJobSummarySchema>

/** One entry of `GET /projects/jobsummaries`: a project the key reads and its job counts. */
export const ProjectSummarySchema = z.looseObject({
  project: z.int(),
  pending: count,
  running: count,
  finished: count,
  has_capacity: z.boolean().optional(),
})
/** One project's entry in the summaries of every project the key reads. */
export type ProjectSummary = z.infer<typeof ProjectSummarySchema>

/** The answer of `GET /ids/P/spider/NAME`: the spider id, or null for an unknown name. */
export const SpiderIdSchema = z.int().positive().nullable()

/** A `push` answer line: the new job's key and token, or why no job was made. */
export const PushAnswerSchema = z.union([
  z.looseObject({ key: z.string(), auth: z.string().nullable() }),
  z.looseObject({ error: z.string() }),
])
/** A `push` answer line. */
export type PushAnswer = z.infer<typeof PushAnswerSchema>

/** A cancel answer: how many jobs changed. */
export const CancelAnswerSchema = z.looseObject({ count })

let metadataJsonSchema: object | undefined

/** JSON Schema of the metadata object (built on first call, so importing core costs nothing for it). */
export function jobMetadataJsonSchema(): object {
  metadataJsonSchema ??= z.toJSONSchema(JobMetadataSchema)
  return metadataJsonSchema
}

// ---- fast path -------------------------------------------------------------
// Hand-written checks that accept a subset of what the zod schemas accept. When they pass the
// value is returned as is (no copy); when they fail zod runs and decides, so the result and the
// issues are always zod's. This keeps validation of large scrapystats close to JSON.parse speed.

type Check = (v: unknown) => boolean

const isObj = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}
const isStr: Check = (v) => typeof v === 'string'
const isNum: Check = (v) => typeof v === 'number' && Number.isFinite(v)
const isInt: Check = (v) => typeof v === 'number' && Number.isSafeInteger(v)
const isBool: Check = (v) => typeof v === 'boolean'
const isState: Check = (v) =>
  v === 'pending' || v === 'running' || v === 'finished' || v === 'deleted'
const isStrArray: Check = (v) => {
  if (!Array.isArray(v)) return false
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return false
  return true
}
const isStrRecord: Check = (v) => {
  if (!isObj(v)) return false
  for (const k in v) if (typeof v[k] !== 'string') return false
  return true
}
const isStats: Check = (v) => {
  if (!isObj(v)) return false
  for (const k in v) {
    const x = v[k]
    if (typeof x === 'number') {
      if (!Number.isFinite(x)) return false
    } else if (typeof x !== 'string') return false
  }
  return true
}

const knownChecks: Record<KnownFieldName, Check> = {
  project: isInt,
  spider: isStr,
  state: isState,
  priority: isInt,
  units: isInt,
  spider_type: isStr,
  tags: isStrArray,
  spider_args: isStrRecord,
  job_settings: isObj,
  environment: isStrRecord,
  job_cmd: isStrArray,
  version: isStr,
  deploy_id: isInt,
  api_url: isStr,
  scheduled_by: isStr,
  started_by: isStr,
  completed_by: isStr,
  deleted_by: isStr,
  cancelled_by: isStr,
  pending_time: isNum,
  running_time: isNum,
  finished_time: isNum,
  deleted_time: isNum,
  close_reason: isStr,
  scrapystats: isStats,
  _shub_worker: isStr,
  stop_requested: isBool,
  auth: isStr,
  key: isStr,
  ts: isNum,
  elapsed: isNum,
  items: isNum,
  pages: isNum,
  logs: isNum,
  errors: isNum,
}

const rowRequired: [string, Check][] = [
  ['key', isStr],
  ['ts', isNum],
  ['state', isState],
  ['elapsed', isNum],
]
const rowOptional: [string, Check][] = [
  ['spider', isStr],
  ['pending_time', isNum],
  ['running_time', isNum],
  ['finished_time', isNum],
  ['deleted_time', isNum],
  ['tags', isStrArray],
  ['close_reason', isStr],
  ['items', isNum],
  ['pages', isNum],
  ['logs', isNum],
  ['errors', isNum],
  ['version', isStr],
]

function fastMetadata(v: unknown): boolean {
  if (!isObj(v)) return false
  for (const k in v) {
    const check = Object.hasOwn(knownChecks, k) ? knownChecks[k as KnownFieldName] : undefined
    if (check && v[k] !== undefined && !check(v[k])) return false
  }
  return true
}

function fastRow(v: unknown): boolean {
  if (!isObj(v)) return false
  for (const [k, check] of rowRequired) if (!check(v[k])) return false
  for (const [k, check] of rowOptional) {
    const x = v[k]
    if (x !== undefined && !check(x)) return false
  }
  return true
}

/** Result of a check: the value, or zod's error. */
export type CheckResult<T> = { success: true; data: T } | { success: false; error: z.ZodError }

/** Validate job metadata (fast path, zod on failure). */
export function checkJobMetadata(value: unknown): CheckResult<JobMetadata> {
  if (fastMetadata(value)) return { success: true, data: value as JobMetadata }
  return JobMetadataSchema.safeParse(value)
}

/** Validate a JobQ row (fast path, zod on failure). */
export function checkJobQRow(value: unknown): CheckResult<JobQRow> {
  if (fastRow(value)) return { success: true, data: value as JobQRow }
  return JobQRowSchema.safeParse(value)
}

/** Validate a JobQ summary line. */
export function checkJobQSummary(value: unknown): CheckResult<JobQSummary> {
  if (isObj(value)) {
    const { name, count, summary } = value
    if (
      (name === 'pending' || name === 'running' || name === 'finished') &&
      isInt(count) &&
      (count as number) >= 0 &&
      Array.isArray(summary) &&
      summary.every(fastRow)
    ) {
      return { success: true, data: value as JobQSummary }
    }
  }
  return JobQSummarySchema.safeParse(value)
}

/** Validate one field's value against its schema when the name is known; unknown names always pass. */
export function checkField(name: string, value: unknown): CheckResult<unknown> {
  if (!Object.hasOwn(knownFieldsShape, name)) return { success: true, data: value }
  const check = knownChecks[name as KnownFieldName]
  if (check(value)) return { success: true, data: value }
  return knownFieldsShape[name as KnownFieldName].safeParse(value)
}
