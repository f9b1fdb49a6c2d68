/**
 * zod schemas of the answers, for /openapi.json only: built when the document is first asked for,
 * never at start-up. The job fields are core's schemas (JobMetadataSchema, JobQRowSchema), so the
 * document says what core says of them.
 */
import { OUTCOMES } from '@jobmeta/core'
import { JobMetadataSchema, JobQRowSchema } from '@jobmeta/core/schemas'
import { z } from 'zod'

const outcome = () =>
  z
    .enum(OUTCOMES)
    .describe('state, or for a finished job the class of its close_reason (core outcomeOf)')

/** The figures of a job, as core's jobFigures / rowFigures count them. */
const figures = () => ({
  items: z.number().optional().describe('items scraped (core jobFigures)'),
  requests: z.number().optional().describe('responses received (core jobFigures)'),
  errors: z.number().optional().describe('lines logged at ERROR (core jobFigures)'),
})

/** A public job document: identity, outcome, and the published fields of the default set. */
export function publicJobSchema() {
  const m = JobMetadataSchema.shape
  return z.looseObject({
    key: z.string().describe('P/S/J'),
    project: z.number().int(),
    spider_id: z.number().int(),
    job: z.number().int(),
    outcome: outcome(),
    spider: m.spider,
    state: m.state,
    pending_time: m.pending_time,
    running_time: m.running_time,
    finished_time: m.finished_time,
    deleted_time: m.deleted_time,
    close_reason: m.close_reason,
    tags: m.tags,
    version: m.version,
    ...figures(),
  })
}

/** The project job list answer: public JobQ rows. */
export function jobListSchema() {
  const r = JobQRowSchema.shape
  const row = z.looseObject({
    key: r.key,
    state: r.state,
    ts: r.ts.optional(),
    outcome: outcome(),
    spider: r.spider,
    close_reason: r.close_reason,
    tags: r.tags,
    ...figures(),
  })
  return z.object({ project: z.number().int(), count: z.number().int(), jobs: z.array(row) })
}

/** shields.io endpoint badge. */
export function shieldsSchema() {
  return z.object({
    schemaVersion: z.literal(1),
    label: z.string(),
    message: z.string(),
    color: z.string(),
    labelColor: z.string(),
    cacheSeconds: z.number().int(),
  })
}

/** RFC 9457 problem document. */
export function problemSchema() {
  return z.looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
  })
}

/** /healthz answer. */
export function healthSchema() {
  return z.object({
    status: z.literal('ok'),
    cache: z.object({ entries: z.number(), bytes: z.number() }),
  })
}
