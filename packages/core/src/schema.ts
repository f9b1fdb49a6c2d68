import { z } from 'zod'

/** The four job states, in lifecycle order. */
export const JOB_STATES = ['pending', 'running', 'finished', 'deleted'] as const
/** A job state. */
export type JobState = (typeof JOB_STATES)[number]
/** Schema of a job state. */
export const JobStateSchema = z.enum(JOB_STATES)

/** One Scrapy stat value: a number (floats too), a string, or null (stats a spider reset). */
export type StatValue = number | string | null
/** Scrapy stats: slash-containing names mapped to numbers, strings or null. */
export const ScrapyStatsSchema = z.record(z.string(), z.union([z.number(), z.string(), z.null()]))
/** Scrapy stats as a plain record. */
export type ScrapyStats = Record<string, StatValue>

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
// value is returned as is (no copy). When they fail, the same table names each value that does
// not have its type (FieldIssue), and zod's verdict is built only if someone reads it (the
// pretty report). This keeps validation of large scrapystats close to JSON.parse speed.

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
const isStatValue: Check = (v) => typeof v === 'string' || v === null || isNum(v)
const isStats: Check = (v) => {
  if (!isObj(v)) return false
  for (const k in v) {
    const x = v[k]
    if (typeof x === 'number') {
      if (!Number.isFinite(x)) return false
    } else if (typeof x !== 'string' && x !== null) return false
  }
  return true
}

/** One value of a response that does not have its documented type. */
export interface FieldIssue {
  /** Where it is: `['tags']`, `['tags', 1]`, `['scrapystats', 'log_count/ERROR']`; `[]` is the whole document. */
  path: (string | number)[]
  /** What the schema expects, in words (`'array of strings'`). */
  expected: string
  /** What arrived, in words (`'string "nightly"'`, `'number 1.5'`, `'null'`). */
  got: string
}

/** How one known field is checked, and what to call its type in an issue. */
interface FieldSpec {
  check: Check
  expected: string
  /** Arrays and records: the check of each item, so that an issue names the item. */
  item?: { kind: 'array' | 'record'; check: Check; expected: string }
}

const spec = (check: Check, expected: string): FieldSpec => ({ check, expected })
const str = spec(isStr, 'string')
const int = spec(isInt, 'integer')
const num = spec(isNum, 'number')
const epoch = spec(isNum, 'number (epoch ms)')
const strArray: FieldSpec = {
  check: isStrArray,
  expected: 'array of strings',
  item: { kind: 'array', check: isStr, expected: 'string' },
}
const strRecord: FieldSpec = {
  check: isStrRecord,
  expected: 'object of strings',
  item: { kind: 'record', check: isStr, expected: 'string' },
}

const knownSpecs: Record<KnownFieldName, FieldSpec> = {
  project: int,
  spider: str,
  state: spec(isState, `one of ${JOB_STATES.join(', ')}`),
  priority: int,
  units: int,
  spider_type: str,
  tags: strArray,
  spider_args: spec(isObj, 'object'),
  job_settings: spec(isObj, 'object'),
  environment: strRecord,
  job_cmd: strArray,
  version: str,
  deploy_id: int,
  api_url: str,
  scheduled_by: str,
  started_by: str,
  completed_by: str,
  deleted_by: str,
  cancelled_by: str,
  pending_time: epoch,
  running_time: epoch,
  finished_time: epoch,
  deleted_time: epoch,
  close_reason: str,
  scrapystats: {
    check: isStats,
    expected: 'object of numbers, strings or null',
    item: { kind: 'record', check: isStatValue, expected: 'number, string or null' },
  },
  _shub_worker: str,
  stop_requested: spec(isBool, 'boolean'),
  auth: str,
  key: str,
  ts: epoch,
  elapsed: num,
  items: num,
  pages: num,
  logs: num,
  errors: num,
}

/** Names of the known metadata fields (the spec's field table plus the ?add_summary=1 fields). */
export const KNOWN_FIELD_NAMES: readonly KnownFieldName[] = Object.keys(
  knownFieldsShape,
) as KnownFieldName[]

/** True when `name` is a known field and `value` has its documented type. */
export function hasFieldType(name: string, value: unknown): boolean {
  return Object.hasOwn(knownSpecs, name) && knownSpecs[name as KnownFieldName].check(value)
}

/** True for a known field name. */
export function isKnownField(name: string): name is KnownFieldName {
  return Object.hasOwn(knownSpecs, name)
}

const PREVIEW = 40

/** A value in a few words for an issue: its JSON type and, for scalars, a short preview. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return `array of ${v.length}`
  switch (typeof v) {
    case 'string': {
      const cps = Array.from(v)
      const shown = cps.length > PREVIEW ? `${cps.slice(0, PREVIEW).join('')}…` : v
      return `string ${JSON.stringify(shown)}`
    }
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof v} ${String(v)}`
    case 'object':
      return 'object'
    default:
      return typeof v
  }
}

/** At most this many items of one array or record are named; the rest are counted in one issue. */
const MAX_ITEM_ISSUES = 10

function issuesOfField(name: string, s: FieldSpec, v: unknown, out: FieldIssue[]): void {
  if (s.check(v)) return
  const item = s.item
  const container = item && (item.kind === 'array' ? Array.isArray(v) : isObj(v))
  if (!item || !container) {
    out.push({ path: [name], expected: s.expected, got: describeValue(v) })
    return
  }
  let bad = 0
  const visit = (k: string | number, x: unknown) => {
    if (item.check(x)) return
    if (++bad <= MAX_ITEM_ISSUES)
      out.push({ path: [name, k], expected: item.expected, got: describeValue(x) })
  }
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) visit(i, v[i])
  else for (const k in v as Record<string, unknown>) visit(k, (v as Record<string, unknown>)[k])
  if (bad > MAX_ITEM_ISSUES) {
    out.push({
      path: [name],
      expected: s.expected,
      got: `${bad - MAX_ITEM_ISSUES} more items of other types`,
    })
  }
}

/**
 * The values of a metadata object that do not have their documented type: known fields of another
 * type, and the items inside arrays and records (tags, environment, scrapystats) that break their
 * type. Unknown fields never count. A value that is not an object is one issue at the path `[]`.
 */
export function metadataIssues(value: unknown): FieldIssue[] {
  if (!isObj(value)) return [{ path: [], expected: 'object', got: describeValue(value) }]
  const out: FieldIssue[] = []
  for (const k in value) {
    const x = value[k]
    if (x !== undefined && Object.hasOwn(knownSpecs, k))
      issuesOfField(k, knownSpecs[k as KnownFieldName], x, out)
  }
  return out
}

/** The issues of one field's value (none for unknown names). */
export function fieldIssues(name: string, value: unknown): FieldIssue[] {
  const out: FieldIssue[] = []
  if (Object.hasOwn(knownSpecs, name))
    issuesOfField(name, knownSpecs[name as KnownFieldName], value, out)
  return out
}

/** A path as people read it: `tags[1]`, `scrapystats.log_count/ERROR` (as `jobmeta get` names fields). */
export function formatIssuePath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(document)'
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')
}

/** One issue in one line: `tags: expected array of strings, got string "nightly"`. */
export function formatFieldIssue(issue: FieldIssue): string {
  return `${formatIssuePath(issue.path)}: expected ${issue.expected}, got ${issue.got}`
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
    const s = Object.hasOwn(knownSpecs, k) ? knownSpecs[k as KnownFieldName] : undefined
    if (s && v[k] !== undefined && !s.check(v[k])) return false
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

/** Result of a check: the value, or what is wrong with it. */
export type CheckResult<T> =
  | { success: true; data: T }
  | {
      success: false
      /** zod's verdict (for metadata and fields built on first read: only reports need it). */
      error: z.ZodError
      /** Each value that does not have its type (metadata and fields; absent where only zod checked). */
      fields?: FieldIssue[]
      /** The value as sent, still usable apart from `fields` (the fields that parse are typed). */
      data?: T
      /** The value cannot be used at all (metadata that is not an object): even 'warn' throws. */
      fatal?: boolean
    }

/** A failed check whose zod error is computed on first read. */
function failure<T>(
  schema: z.ZodType,
  value: unknown,
  fields: FieldIssue[],
  data: T | undefined,
): CheckResult<T> {
  let error: z.ZodError | undefined
  const zodError = (): z.ZodError => {
    // the hand-written table and zod agree (schema.test.ts); a custom issue per field covers the
    // case where they would not
    error ??=
      schema.safeParse(value).error ??
      new z.ZodError(
        fields.map((f) => ({
          code: 'custom' as const,
          path: f.path,
          message: `expected ${f.expected}, got ${f.got}`,
          input: undefined,
        })),
      )
    return error
  }
  const result: CheckResult<T> = {
    success: false,
    get error() {
      return zodError()
    },
    fields,
  }
  if (data === undefined) result.fatal = true
  else result.data = data
  return result
}

/**
 * Validate job metadata. A known field of another type does not fail the document: the result
 * holds the object as sent (`data`) and names each such value (`fields`); only a value that is
 * not an object is `fatal`.
 */
export function checkJobMetadata(value: unknown): CheckResult<JobMetadata> {
  if (fastMetadata(value)) return { success: true, data: value as JobMetadata }
  const data = isObj(value) ? (value as JobMetadata) : undefined
  return failure(JobMetadataSchema, value, metadataIssues(value), data)
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

/**
 * Validate one field's value against its type when the name is known; unknown names always pass.
 * A value of another type is kept as sent (`data`) and named in `fields`.
 */
export function checkField(name: string, value: unknown): CheckResult<unknown> {
  if (!Object.hasOwn(knownSpecs, name)) return { success: true, data: value }
  const known = name as KnownFieldName
  if (knownSpecs[known].check(value)) return { success: true, data: value }
  return failure(knownFieldsShape[known], value, fieldIssues(name, value), value)
}
