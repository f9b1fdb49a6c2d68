// The job lifecycle as JobQ runs it: push, startjob, update, cancel. The JobQ routes and the
// simulation both call these functions, so the demo moves jobs exactly the way a scheduler and a
// runner talking to the routes would.
import {
  isJobState,
  type JobRecord,
  type JobState,
  type JobStore,
  parseKey,
  READ_ONLY_FIELDS,
  setOwn,
  stateOf,
} from './store.ts'
import { jobToken } from './token.ts'

/** Who the emulator names in `*_by` fields it fills in itself. */
export const EMULATOR_USER = 'jobrunner'

/** The `*_by` field stamped when a job enters each state. */
export const BY_FIELD: Record<JobState, string> = {
  pending: 'scheduled_by',
  running: 'started_by',
  finished: 'completed_by',
  deleted: 'deleted_by',
}

/** Push-body keys that are instructions to JobQ rather than metadata. */
const PUSH_CONTROL = new Set(['key', 'state', 'add_tag', 'tags', 'project', 'spider'])

/** What a push line answers: the new job's key and token, or the duplicate-`unique` error. */
export type PushAnswer =
  | { key: string; auth: string | null }
  | { request: Record<string, unknown>; error: string }

const intIn = (v: unknown, min: number, max: number): boolean =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max

/** Why a push body cannot be scheduled, or undefined when it can. */
export function pushProblem(fields: Record<string, unknown>): string | undefined {
  const { spider, state, priority, units } = fields
  if (typeof spider !== 'string' || !spider) return '"spider" must be a name'
  if (state !== undefined && !isJobState(state)) return `invalid state: ${String(state)}`
  if (priority !== undefined && !intIn(priority, 0, 4))
    return `invalid priority: ${String(priority)} (expected 0-4)`
  if (units !== undefined && !intIn(units, 1, 1000)) return `invalid units: ${String(units)}`
  const tags = [fields.tags, fields.add_tag].flat().filter((t) => t !== undefined)
  if (tags.some((t) => typeof t !== 'string')) return 'tags must be strings'
  return undefined
}

function isActive(r: JobRecord): boolean {
  const state = stateOf(r)
  return state === 'pending' || state === 'running'
}

/**
 * Schedules a job from a push body (checked with `pushProblem` first). The job is created in
 * `state` (default pending) with only that state's `*_time` and `*_by`, `priority` 2 and `units`
 * 1 unless given, `tags` from `tags` + `add_tag` only when there are any, and every other body key
 * as metadata. A running job gets a token in `auth`. A `unique` value held by a pending or running
 * job of the project makes no job and answers the error instead.
 */
export function pushJob(
  store: JobStore,
  project: number,
  fields: Record<string, unknown>,
  now: number,
): PushAnswer {
  const unique = fields.unique
  if (unique !== undefined && unique !== null) {
    const holder = store.list(project).find((r) => isActive(r) && r.meta.unique === unique)
    if (holder) return { request: fields, error: `Active job exists with key ${String(unique)}` }
  }
  const name = fields.spider as string
  const state: JobState = isJobState(fields.state) ? fields.state : 'pending'
  const spider = store.spiderId(project, name, true)!
  const key = `${project}/${spider}/${store.nextJob(project, spider)}`
  // The recorded order of a pushed job's keys; the body may override any of the defaults.
  const meta: Record<string, unknown> = { [BY_FIELD[state]]: EMULATOR_USER, project, state }
  Object.assign(meta, { spider: name, units: 1, [`${state}_time`]: now, priority: 2 })
  for (const [k, v] of Object.entries(fields))
    if (!PUSH_CONTROL.has(k) && !READ_ONLY_FIELDS.has(k)) setOwn(meta, k, v)
  const tags = [...new Set([fields.tags, fields.add_tag].flat().filter((t) => t !== undefined))]
  if (tags.length) meta.tags = tags
  if (state === 'running') meta.auth = jobToken(key)
  store.put({ key, ...meta })
  return { key, auth: state === 'running' ? (meta.auth as string) : null }
}

function priorityOf(r: JobRecord): number {
  return typeof r.meta.priority === 'number' ? r.meta.priority : 2
}

function pendingSince(r: JobRecord): number {
  const t = r.meta.pending_time
  return typeof t === 'number' ? t : 0
}

/**
 * The pending job `startjob` takes next: highest priority first, then first in, first out (by
 * `pending_time`, ties in JobQ order).
 */
export function nextPending(store: JobStore, project: number): JobRecord | undefined {
  let best: JobRecord | undefined
  // JobQ order is newest first, so on a tie the later (older) job wins
  for (const r of store.list(project)) {
    if (stateOf(r) !== 'pending') continue
    const p = priorityOf(r)
    if (
      !best ||
      p > priorityOf(best) ||
      (p === priorityOf(best) && pendingSince(r) <= pendingSince(best))
    )
      best = r
  }
  return best
}

/** Keys of a startjob body that select what to start rather than describe the job. */
const START_CONTROL = new Set(['botgroup', 'key'])

/**
 * Starts the next pending job of the project (see `nextPending`): it becomes running with
 * `running_time`, `started_by`, a fresh `auth` token and a `_shub_worker` (the body's, or
 * `worker`), and the body's other keys are merged into its metadata. Returns the job's full
 * metadata plus `key`, or undefined when nothing is pending.
 */
export function startNextJob(
  store: JobStore,
  project: number,
  params: Record<string, unknown>,
  now: number,
  worker: string,
): Record<string, unknown> | undefined {
  const record = nextPending(store, project)
  if (!record) return undefined
  const extra: Record<string, unknown> = { _shub_worker: worker }
  for (const [k, v] of Object.entries(params)) if (!START_CONTROL.has(k)) setOwn(extra, k, v)
  updateJob(store, record.key, 'running', extra, now)
  return { ...record.meta, key: record.key }
}

/**
 * Moves a job to `state` (if given), stamping `<state>_time` and, unless `extra` names one, the
 * state's `*_by`; then merges `extra`. A job entering running gets a token in `auth` if it has
 * none; a job leaving it loses its token. Returns the previous state, or undefined for an unknown job.
 */
export function updateJob(
  store: JobStore,
  key: string,
  state: JobState | undefined,
  extra: Record<string, unknown>,
  now: number,
): JobState | undefined {
  const record = store.record(key)
  if (!record) return undefined
  const prev = stateOf(record)
  if (state) {
    store.setState(key, state, now)
    if (extra[BY_FIELD[state]] === undefined) record.meta[BY_FIELD[state]] = EMULATOR_USER
    if (state === 'running' && typeof record.meta.auth !== 'string')
      record.meta.auth = jobToken(key)
    if (state === 'finished' || state === 'deleted') delete record.meta.auth
  }
  store.merge(key, extra)
  return prev
}

/**
 * An update addressed to a spider-level key "P/S": every pending, running and finished job of that
 * spider (deleted ones are skipped), newest first. Returns `{ key, prevstate }` per changed job.
 */
export function updateSpider(
  store: JobStore,
  project: number,
  spider: number,
  state: JobState | undefined,
  extra: Record<string, unknown>,
  now: number,
): { key: string; prevstate: JobState }[] {
  const targets = store
    .list(project)
    .filter((r) => r.spider === spider && stateOf(r) !== 'deleted')
    .map((r) => r.key)
  const out: { key: string; prevstate: JobState }[] = []
  for (const key of targets) {
    const prev = updateJob(store, key, state, { ...extra }, now)
    if (prev) out.push({ key, prevstate: prev })
  }
  return out
}

/**
 * Cancels a job: a pending one finishes at once with `cancelled`; a running one stays running
 * with `stop_requested` (the runner, here the simulation, stops it later). Returns whether
 * anything changed.
 */
export function cancelJob(store: JobStore, key: string, now: number): boolean {
  const record = store.record(key)
  if (!record?.queued) return false
  const state = stateOf(record)
  if (state === 'pending') {
    updateJob(
      store,
      key,
      'finished',
      { close_reason: 'cancelled', cancelled_by: EMULATOR_USER, completed_by: EMULATOR_USER },
      now,
    )
    return true
  }
  if (state === 'running' && record.meta.stop_requested !== true) {
    store.merge(key, { stop_requested: true, cancelled_by: EMULATOR_USER })
    return true
  }
  return false
}

/** Cancels each listed job of the project (keys of other projects count as unknown); returns how many changed. */
export function cancelJobs(
  store: JobStore,
  project: number,
  keys: readonly string[],
  now: number,
): number {
  let count = 0
  for (const key of new Set(keys))
    if (parseKey(key)?.project === project && cancelJob(store, key, now)) count++
  return count
}
