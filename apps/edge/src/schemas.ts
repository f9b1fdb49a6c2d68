/** zod schemas of route parameters, queries and answers: they validate requests and feed /openapi.json. */
import { JOB_STATES, OUTCOMES } from '@jobmeta/core'
import { z } from 'zod'

/** Digits of an id: no sign, no leading zero. */
export const ID_PATTERN = /^[1-9][0-9]{0,9}$/
/** Largest id accepted (32-bit signed). */
export const MAX_ID = 2_147_483_647

/** A project, spider or job number in a path: a positive 32-bit integer without leading zeros. */
export const IdParam = z
  .string()
  .regex(ID_PATTERN, 'must be a positive integer')
  .refine((s) => Number(s) <= MAX_ID, 'is too large')

/** A metadata field name in a path. */
export const FieldParam = z
  .string()
  .max(64, 'is longer than 64 characters')
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must be a field name (letters, digits, _ . -)')
  .refine((s) => !s.includes('..'), 'must not contain ".."')

const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f]+$/

/** No query parameters. */
export const JobQuery = z.strictObject({})

/** Badge options. */
export const BadgeQuery = z.strictObject({
  label: z
    .string()
    .min(1)
    .max(40, 'is longer than 40 characters')
    .regex(PRINTABLE, 'must be printable text')
    .optional(),
})

/** Status page options: which page of spiders (1-based). */
export const StatusQuery = z.strictObject({
  page: z
    .string()
    .regex(/^[1-9][0-9]{0,3}$/, 'must be a page number (1 to 9999)')
    .optional(),
})

/** Filters of the project job list; `count` is bounded by LIST_MAX_COUNT. */
export function listQuery(maxCount: number) {
  return z.strictObject({
    state: z.array(z.enum(JOB_STATES)).max(4).optional(),
    spider: z
      .string()
      .max(100, 'is longer than 100 characters')
      .regex(/^[A-Za-z0-9_.-]+$/, 'must be a spider name (letters, digits, _ . -)')
      .optional(),
    tag: z
      .string()
      .min(1)
      .max(100, 'is longer than 100 characters')
      .regex(PRINTABLE, 'must be printable text')
      .optional(),
    count: z
      .string()
      .regex(/^[1-9][0-9]{0,5}$/, 'must be a positive integer')
      .refine((s) => Number(s) <= maxCount, `must be at most ${maxCount}`)
      .optional(),
  })
}

/** A public job document. */
export const PublicJobSchema = z.looseObject({
  key: z.string().describe('P/S/J'),
  project: z.number().int(),
  spider_id: z.number().int(),
  job: z.number().int(),
  outcome: z
    .enum(OUTCOMES)
    .describe('state, or for a finished job the class of its close_reason (core outcomeOf)'),
  spider: z.string().optional(),
  state: z.enum(JOB_STATES).optional(),
  pending_time: z.number().optional(),
  running_time: z.number().optional(),
  finished_time: z.number().optional(),
  deleted_time: z.number().optional(),
  close_reason: z.string().optional(),
  tags: z.array(z.string()).optional(),
  version: z.string().optional(),
  items: z.number().optional().describe('items scraped (core jobFigures)'),
  requests: z.number().optional().describe('responses received (core jobFigures)'),
  errors: z.number().optional().describe('lines logged at ERROR (core jobFigures)'),
})

/** A public JobQ row. */
export const PublicRowSchema = z.looseObject({
  key: z.string(),
  state: z.enum(JOB_STATES),
  ts: z.number().optional(),
  outcome: z.enum(OUTCOMES),
})

/** The project job list answer. */
export const JobListSchema = z.object({
  project: z.number().int(),
  count: z.number().int(),
  jobs: z.array(PublicRowSchema),
})

/** shields.io endpoint badge. */
export const ShieldsSchema = z.object({
  schemaVersion: z.literal(1),
  label: z.string(),
  message: z.string(),
  color: z.string(),
  labelColor: z.string(),
  cacheSeconds: z.number().int(),
})

/** RFC 9457 problem document. */
export const ProblemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
})

/** /healthz answer. */
export const HealthSchema = z.object({
  status: z.literal('ok'),
  cache: z.object({ entries: z.number(), bytes: z.number() }),
})
