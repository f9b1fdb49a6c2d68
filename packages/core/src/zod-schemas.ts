/**
 * `@jobmeta/core/schemas`: the zod schemas of every answer the client reads, their JSON Schema, and
 * zod's report of a value. The client never needs them to read a valid answer (schema.ts checks by
 * hand); it loads this module (loadSchemas) only to describe a value that failed those checks, so
 * that importing core costs nothing for zod.
 */
import { z } from 'zod'
import type { FieldIssue } from './issues.ts'
import { JOB_STATES } from './states.ts'

/** Schema of a job state. */
export const JobStateSchema = z.enum(JOB_STATES)

/** Scrapy stats: slash-containing names mapped to numbers, strings or null. */
export const ScrapyStatsSchema = z.record(z.string(), z.union([z.number(), z.string(), z.null()]))

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
  // the run API stores what it is given: job_args values may be any JSON, not only strings
  spider_args: z.record(z.string(), z.unknown()),
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

/** One line of a JobQ summary: the state, its job count and the newest rows. */
export const JobQSummarySchema = z.looseObject({
  name: z.enum(['pending', 'running', 'finished']),
  count: z.int().nonnegative(),
  summary: z.array(JobQRowSchema),
})

/** A count of jobs (`GET /jobq/P/count`). */
export const CountSchema = z.int().nonnegative()

/**
 * A project's job counts (`GET /projects/P/jobsummary`): jobs per state, the units running jobs
 * hold, and whether it may start more. Unknown fields are kept.
 */
export const ProjectJobSummarySchema = z.looseObject({
  project: z.int(),
  pending: CountSchema,
  running: CountSchema,
  finished: CountSchema,
  running_units_count: CountSchema.optional(),
  pending_units_max: z.int().nullable().optional(),
  has_capacity: z.boolean().optional(),
})

/** One entry of `GET /projects/jobsummaries`: a project the key reads and its job counts. */
export const ProjectSummarySchema = z.looseObject({
  project: z.int(),
  pending: CountSchema,
  running: CountSchema,
  finished: CountSchema,
  has_capacity: z.boolean().optional(),
})

/** The answer of `GET /ids/P/spider/NAME`: the spider id, or null for an unknown name. */
export const SpiderIdSchema = z.int().positive().nullable()

/** A `push` answer line: the new job's key and token, or why no job was made. */
export const PushAnswerSchema = z.union([
  z.looseObject({ key: z.string(), auth: z.string().nullable() }),
  z.looseObject({ error: z.string() }),
])

/** A cancel answer: how many jobs changed. */
export const CancelAnswerSchema = z.looseObject({ count: CountSchema })

let metadataJsonSchema: object | undefined

/** JSON Schema of the metadata object (built on first call). */
export function jobMetadataJsonSchema(): object {
  metadataJsonSchema ??= z.toJSONSchema(JobMetadataSchema)
  return metadataJsonSchema
}

/**
 * zod's verdict on a value the hand-written checks refused. The checks and the schemas agree
 * (schema.test.ts); should they not, one custom issue per hand-written issue stands in.
 */
export function zodError(schema: z.ZodType, value: unknown, fields: FieldIssue[]): z.ZodError {
  return (
    schema.safeParse(value).error ??
    new z.ZodError(
      fields.map((f) => ({
        code: 'custom' as const,
        path: f.path,
        message: `expected ${f.expected}, got ${f.got}`,
        input: undefined,
      })),
    )
  )
}

/** Pretty-print zod issues (paths with slashes in them, as scrapystats names have, are quoted). */
export function prettifyIssues(error: z.ZodError): string {
  return z.prettifyError(error)
}
