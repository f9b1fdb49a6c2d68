import type { z } from 'zod'
import { describeValue, type FieldIssue } from './issues.ts'
import { JOB_STATES } from './states.ts'
import type * as Schemas from './zod-schemas.ts'

/** One Scrapy stat value: a number (floats too), a string, or null (stats a spider reset). */
export type StatValue = number | string | null
/** Scrapy stats as a plain record. */
export type ScrapyStats = Record<string, StatValue>

// The types are zod's inferences of the schemas (zod-schemas.ts); these imports are types only,
// so importing core loads no zod.
/** Job metadata object. */
export type JobMetadata = z.infer<typeof Schemas.JobMetadataSchema>
/** The typed (known) fields of job metadata. */
export type KnownFields = {
  [K in keyof typeof Schemas.knownFieldsShape]: z.infer<(typeof Schemas.knownFieldsShape)[K]>
}
/** Names of the known fields. */
export type KnownFieldName = keyof KnownFields
/** The value type of a field: typed for known names, unknown otherwise. */
export type FieldValue<K extends string> = K extends KnownFieldName ? KnownFields[K] : unknown
/** A JobQ list row. */
export type JobQRow = z.infer<typeof Schemas.JobQRowSchema>
/** A JobQ summary line. */
export type JobQSummary = z.infer<typeof Schemas.JobQSummarySchema>
/** A project's job counts. */
export type ProjectJobSummary = z.infer<typeof Schemas.ProjectJobSummarySchema>
/** One project's entry in the summaries of every project the key reads. */
export type ProjectSummary = z.infer<typeof Schemas.ProjectSummarySchema>
/** A `push` answer line. */
export type PushAnswer = z.infer<typeof Schemas.PushAnswerSchema>

/** The zod schemas of `@jobmeta/core/schemas`. */
export type ZodSchemas = typeof Schemas

let schemas: Promise<ZodSchemas> | undefined

/**
 * The zod schemas, JSON Schema and zod's reports (the `@jobmeta/core/schemas` entry), loaded on
 * first call: the client checks answers by hand and loads zod only to describe one that failed.
 */
export function loadSchemas(): Promise<ZodSchemas> {
  schemas ??= import('./zod-schemas.ts')
  return schemas
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
  knownSpecs,
) as KnownFieldName[]

/** True when `name` is a known field and `value` has its documented type. */
export function hasFieldType(name: string, value: unknown): boolean {
  return Object.hasOwn(knownSpecs, name) && knownSpecs[name as KnownFieldName].check(value)
}

/** True for a known field name. */
export function isKnownField(name: string): name is KnownFieldName {
  return Object.hasOwn(knownSpecs, name)
}

/** At most this many items of one array or record are named; the rest are counted in one issue. */
const MAX_ITEM_ISSUES = 10

function issuesOfValue(
  path: (string | number)[],
  s: FieldSpec,
  v: unknown,
  out: FieldIssue[],
): void {
  if (s.check(v)) return
  const item = s.item
  const container = item && (item.kind === 'array' ? Array.isArray(v) : isObj(v))
  if (!item || !container) {
    out.push({ path, expected: s.expected, got: describeValue(v) })
    return
  }
  let bad = 0
  const visit = (k: string | number, x: unknown) => {
    if (item.check(x)) return
    if (++bad <= MAX_ITEM_ISSUES)
      out.push({ path: [...path, k], expected: item.expected, got: describeValue(x) })
  }
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) visit(i, v[i])
  else for (const k in v as Record<string, unknown>) visit(k, (v as Record<string, unknown>)[k])
  if (bad > MAX_ITEM_ISSUES) {
    out.push({
      path,
      expected: s.expected,
      got: `${bad - MAX_ITEM_ISSUES} more items of other types`,
    })
  }
}

/** An object answer: how its known fields are checked, and which of them must be there. */
interface ObjectSpec {
  fields: Record<string, FieldSpec>
  required: readonly string[]
}

/** The issues of an object answer at `path`: missing required fields, known fields of another type. */
function objectIssues(
  value: unknown,
  o: ObjectSpec,
  path: (string | number)[],
  out: FieldIssue[],
): void {
  if (!isObj(value)) {
    out.push({ path, expected: 'object', got: describeValue(value) })
    return
  }
  for (const k of o.required) {
    if (value[k] === undefined)
      out.push({ path: [...path, k], expected: o.fields[k]!.expected, got: 'nothing' })
  }
  for (const k in value) {
    const x = value[k]
    if (x !== undefined && Object.hasOwn(o.fields, k))
      issuesOfValue([...path, k], o.fields[k]!, x, out)
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
  objectIssues(value, { fields: knownSpecs, required: [] }, [], out)
  return out
}

/** The issues of one field's value (none for unknown names). */
export function fieldIssues(name: string, value: unknown): FieldIssue[] {
  const out: FieldIssue[] = []
  if (Object.hasOwn(knownSpecs, name))
    issuesOfValue([name], knownSpecs[name as KnownFieldName], value, out)
  return out
}

const isNonNegInt: Check = (v) => isInt(v) && (v as number) >= 0
const nonNegInt = spec(isNonNegInt, 'non-negative integer')

/** A JobQ row: key, ts, state and elapsed always; the rest when the listing asked for them. */
const rowSpec: ObjectSpec = {
  fields: {
    key: str,
    ts: epoch,
    state: knownSpecs.state,
    elapsed: num,
    spider: str,
    pending_time: epoch,
    running_time: epoch,
    finished_time: epoch,
    deleted_time: epoch,
    tags: strArray,
    close_reason: str,
    items: num,
    pages: num,
    logs: num,
    errors: num,
    version: str,
  },
  required: ['key', 'ts', 'state', 'elapsed'],
}
const rowChecks = Object.entries(rowSpec.fields).map(([k, f]) => [k, f.check] as const)
const rowRequired = new Set(rowSpec.required)

const summarySpec: ObjectSpec = {
  fields: {
    name: spec(
      (v) => v === 'pending' || v === 'running' || v === 'finished',
      'one of pending, running, finished',
    ),
    count: nonNegInt,
    summary: spec(Array.isArray, 'array of JobQ rows'),
  },
  required: ['name', 'count', 'summary'],
}

const projectJobSummarySpec: ObjectSpec = {
  fields: {
    project: int,
    pending: nonNegInt,
    running: nonNegInt,
    finished: nonNegInt,
    running_units_count: nonNegInt,
    pending_units_max: spec((v) => v === null || isInt(v), 'integer or null'),
    has_capacity: spec(isBool, 'boolean'),
  },
  required: ['project', 'pending', 'running', 'finished'],
}

const projectSummarySpec: ObjectSpec = {
  fields: {
    project: int,
    pending: nonNegInt,
    running: nonNegInt,
    finished: nonNegInt,
    has_capacity: spec(isBool, 'boolean'),
  },
  required: ['project', 'pending', 'running', 'finished'],
}

const pushedSpec: ObjectSpec = {
  fields: { key: str, auth: spec((v) => v === null || isStr(v), 'string or null') },
  required: ['key', 'auth'],
}
const refusedSpec: ObjectSpec = { fields: { error: str }, required: ['error'] }
const cancelSpec: ObjectSpec = { fields: { count: nonNegInt }, required: ['count'] }

/** True when the object passes every check of the spec, the required fields present. */
function fits(v: unknown, o: ObjectSpec): boolean {
  if (!isObj(v)) return false
  for (const k of o.required) if (v[k] === undefined) return false
  for (const k in o.fields) {
    const x = v[k]
    if (x !== undefined && !o.fields[k]!.check(x)) return false
  }
  return true
}

function fastMetadata(v: unknown, statsChecked: boolean): boolean {
  if (!isObj(v)) return false
  for (const k in v) {
    if (statsChecked && k === 'scrapystats') continue
    const s = Object.hasOwn(knownSpecs, k) ? knownSpecs[k as KnownFieldName] : undefined
    if (s && v[k] !== undefined && !s.check(v[k])) return false
  }
  return true
}

// ---- scrapystats checked on the text ---------------------------------------
// Walking 5,000 stats costs about half a JSON.parse of them (V8 enumerates a dictionary-mode
// object slowly); one sticky regex over their text costs a tenth. It is used only on a large text,
// and only when that text is certainly the parsed object's: the matched key is the first
// `"scrapystats"` of the text and none follows the object it opens, and the text has no `\u`
// escape (the only way another key could spell the name), so that object is the one JSON.parse
// kept at the top level.

const STATS_KEY = '"scrapystats"'
/** `"scrapystats": {` then only string, null, or number values that cannot overflow to Infinity. */
const STATS_TEXT =
  /"scrapystats"\s*:\s*\{(?:\s*"[^"\\]*(?:\\.[^"\\]*)*"\s*:\s*(?:-?\d{1,200}(?:\.\d+)?(?:[eE][+-]?\d{1,2})?|"[^"\\]*(?:\\.[^"\\]*)*"|null)\s*,?)*\s*\}/y
/** Texts shorter than this are walked: the regex's first run costs more than a small object's walk. */
const STATS_TEXT_MIN = 64 * 1024

/** True when `text` (valid JSON, as parsed) proves every top-level scrapystats value has its type. */
function statsTextValid(text: string): boolean {
  if (text.length < STATS_TEXT_MIN || text.includes('\\u')) return false
  const at = text.indexOf(STATS_KEY)
  if (at === -1) return false
  STATS_TEXT.lastIndex = at
  try {
    if (!STATS_TEXT.test(text)) return false
  } catch {
    // RangeError: the regex's backtracking stack (hundreds of thousands of stats): walk them
    return false
  }
  return text.indexOf(STATS_KEY, STATS_TEXT.lastIndex) === -1
}

function fastRow(v: unknown): boolean {
  if (!isObj(v)) return false
  for (const [k, check] of rowChecks) {
    const x = v[k]
    if (x === undefined ? rowRequired.has(k) : !check(x)) return false
  }
  return true
}

/** Result of a check: the value, or what is wrong with it. */
export type CheckResult<T> =
  | { success: true; data: T }
  | {
      success: false
      /** Each value that does not have its type, in words (path, expected, got). */
      fields: FieldIssue[]
      /** The zod schema that describes the value (zod is loaded only to report: loadSchemas). */
      schema: (schemas: ZodSchemas) => z.ZodType
      /** The value as sent, still usable apart from `fields` (metadata and fields only). */
      data?: T
      /** The value cannot be used at all (metadata that is not an object): even 'warn' throws. */
      fatal?: boolean
    }

/** A failed check. */
export type CheckFailure<T> = Extract<CheckResult<T>, { success: false }>

function failed<T>(
  schema: (schemas: ZodSchemas) => z.ZodType,
  fields: FieldIssue[],
): CheckFailure<T> {
  return { success: false, fields, schema }
}

function issuesOf(value: unknown, o: ObjectSpec): FieldIssue[] {
  const out: FieldIssue[] = []
  objectIssues(value, o, [], out)
  return out
}

/**
 * Validate job metadata. A known field of another type does not fail the document: the result
 * holds the object as sent (`data`) and names each such value (`fields`); only a value that is
 * not an object is `fatal`. `text`, the JSON the value was parsed from, makes a large document's
 * check faster (its scrapystats are checked on the text) and never changes the verdict.
 */
export function checkJobMetadata(value: unknown, text?: string): CheckResult<JobMetadata> {
  const statsChecked =
    text !== undefined && isObj(value) && isObj(value.scrapystats) && statsTextValid(text)
  if (fastMetadata(value, statsChecked)) return { success: true, data: value as JobMetadata }
  const r = failed<JobMetadata>((z) => z.JobMetadataSchema, metadataIssues(value))
  if (isObj(value)) return { ...r, data: value as JobMetadata }
  return { ...r, fatal: true }
}

/** Validate a JobQ row. */
export function checkJobQRow(value: unknown): CheckResult<JobQRow> {
  if (fastRow(value)) return { success: true, data: value as JobQRow }
  return failed((z) => z.JobQRowSchema, issuesOf(value, rowSpec))
}

/** Validate a JobQ summary line (its rows named by index: `summary[0].state`). */
export function checkJobQSummary(value: unknown): CheckResult<JobQSummary> {
  if (fits(value, summarySpec) && (value as { summary: unknown[] }).summary.every(fastRow))
    return { success: true, data: value as JobQSummary }
  const out = issuesOf(value, summarySpec)
  const rows = isObj(value) && Array.isArray(value.summary) ? value.summary : []
  rows.forEach((row, i) => {
    objectIssues(row, rowSpec, ['summary', i], out)
  })
  return failed((z) => z.JobQSummarySchema, out)
}

/**
 * Validate one field's value against its type when the name is known; unknown names always pass.
 * A value of another type is kept as sent (`data`) and named in `fields`.
 */
export function checkField(name: string, value: unknown): CheckResult<unknown> {
  if (!Object.hasOwn(knownSpecs, name)) return { success: true, data: value }
  const known = name as KnownFieldName
  if (knownSpecs[known].check(value)) return { success: true, data: value }
  return { ...failed((z) => z.knownFieldsShape[known], fieldIssues(name, value)), data: value }
}

/** Validate a job count (`GET /jobq/P/count`). */
export function checkCount(value: unknown): CheckResult<number> {
  if (isNonNegInt(value)) return { success: true, data: value as number }
  return failed(
    (z) => z.CountSchema,
    [{ path: [], expected: nonNegInt.expected, got: describeValue(value) }],
  )
}

/** Validate a spider id lookup (`GET /ids/P/spider/NAME`): a positive integer, or null. */
export function checkSpiderId(value: unknown): CheckResult<number | null> {
  if (value === null || (isInt(value) && (value as number) > 0))
    return { success: true, data: value as number | null }
  return failed(
    (z) => z.SpiderIdSchema,
    [{ path: [], expected: 'positive integer or null', got: describeValue(value) }],
  )
}

/** Validate a project's job counts (`GET /projects/P/jobsummary`). */
export function checkProjectJobSummary(value: unknown): CheckResult<ProjectJobSummary> {
  if (fits(value, projectJobSummarySpec)) return { success: true, data: value as ProjectJobSummary }
  return failed((z) => z.ProjectJobSummarySchema, issuesOf(value, projectJobSummarySpec))
}

/** Validate one entry of `GET /projects/jobsummaries`. */
export function checkProjectSummary(value: unknown): CheckResult<ProjectSummary> {
  if (fits(value, projectSummarySpec)) return { success: true, data: value as ProjectSummary }
  return failed((z) => z.ProjectSummarySchema, issuesOf(value, projectSummarySpec))
}

/** Validate a `push` answer line: `{key, auth}` for a new job, `{error}` for none. */
export function checkPushAnswer(value: unknown): CheckResult<PushAnswer> {
  if (fits(value, pushedSpec) || fits(value, refusedSpec))
    return { success: true, data: value as PushAnswer }
  const refused = isObj(value) && value.error !== undefined
  return failed((z) => z.PushAnswerSchema, issuesOf(value, refused ? refusedSpec : pushedSpec))
}

/** Validate a cancel answer: `{count}`. */
export function checkCancelAnswer(value: unknown): CheckResult<{ count: number }> {
  if (fits(value, cancelSpec)) return { success: true, data: value as { count: number } }
  return failed((z) => z.CancelAnswerSchema, issuesOf(value, cancelSpec))
}
