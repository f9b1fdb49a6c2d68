import { type JobState, type JobStore, READ_ONLY_FIELDS, setOwn, stateOf } from './store.ts'

/** Who the emulator names in `*_by` fields it fills in itself. */
export const EMULATOR_USER = 'jobrunner'

const BY_FIELD: Record<JobState, string> = {
  pending: 'scheduled_by',
  running: 'started_by',
  finished: 'completed_by',
  deleted: 'deleted_by',
}

function copyWritable(fields: Record<string, unknown>, into: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(fields)) {
    if (READ_ONLY_FIELDS.has(k) || k === 'key' || k === 'add_tag') continue
    setOwn(into, k, v)
  }
}

/** Schedules a pending job from a push body (`spider` name required); returns its key. */
export function pushJob(
  store: JobStore,
  project: number,
  fields: Record<string, unknown>,
  now: number,
): string {
  const name = String(fields.spider)
  const spider = store.spiderId(project, name, true)!
  const key = `${project}/${spider}/${store.nextJob(project, spider)}`
  const addTags = fields.add_tag
  const tags = Array.isArray(fields.tags) ? [...(fields.tags as unknown[])] : []
  if (typeof addTags === 'string') tags.push(addTags)
  if (Array.isArray(addTags)) tags.push(...addTags)
  const meta: Record<string, unknown> = {
    priority: 2,
    units: 1,
    spider_type: 'manual',
    scheduled_by: EMULATOR_USER,
  }
  copyWritable(fields, meta)
  Object.assign(meta, { project, spider: name, state: 'pending', pending_time: now, tags })
  store.put({ key, ...meta })
  return key
}

/** Moves a job to `state` (if given) and merges `extra`; returns the previous state. */
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
  }
  store.merge(key, extra)
  return prev
}

/**
 * Cancels a job: a pending one finishes at once with `cancelled`, a running one gets
 * `stop_requested` (the simulation then finishes it). Returns whether anything changed.
 */
export function cancelJob(store: JobStore, key: string, now: number): boolean {
  const record = store.record(key)
  if (!record?.queued) return false
  const state = stateOf(record)
  if (state === 'pending') {
    store.setState(key, 'finished', now)
    Object.assign(record.meta, {
      close_reason: 'cancelled',
      cancelled_by: EMULATOR_USER,
      completed_by: EMULATOR_USER,
    })
    return true
  }
  if (state === 'running' && record.meta.stop_requested !== true) {
    Object.assign(record.meta, { stop_requested: true, cancelled_by: EMULATOR_USER })
    return true
  }
  return false
}
