/** The four job states, in lifecycle order. */
export const JOB_STATES = ['pending', 'running', 'finished', 'deleted'] as const
/** A job's state. */
export type JobState = (typeof JOB_STATES)[number]

/** A job's metadata seed: `key` ("P/S/J") plus that job's metadata fields. */
export type JobSeed = { key: string } & Record<string, unknown>

/** One stored job. `queued` jobs are known to JobQ; metadata-only records are not listed. */
export interface JobRecord {
  key: string
  project: number
  spider: number
  job: number
  meta: Record<string, unknown>
  queued: boolean
}

/** Keys a metadata POST may not change (the Python client never writes them). */
export const READ_ONLY_FIELDS: ReadonlySet<string> = new Set(['state', 'auth', '_key'])

/** Sets an own property, also for names like `__proto__` that plain assignment would not store. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  })
}

const KEY_RE = /^([1-9]\d{0,15})\/([1-9]\d{0,15})\/([1-9]\d{0,15})$/

/** Parses "P/S/J" into positive integers, or returns undefined. */
export function parseKey(
  key: string,
): { project: number; spider: number; job: number } | undefined {
  const m = KEY_RE.exec(key)
  if (!m) return undefined
  return { project: Number(m[1]), spider: Number(m[2]), job: Number(m[3]) }
}

/** True for one of the four job states. */
export function isJobState(s: unknown): s is JobState {
  return typeof s === 'string' && (JOB_STATES as readonly string[]).includes(s)
}

/** The job's state; a job without a valid `state` counts as finished. */
export function stateOf(r: JobRecord): JobState {
  return isJobState(r.meta.state) ? r.meta.state : 'finished'
}

/** The time of the job's current state (epoch ms), 0 when unknown. */
export function tsOf(r: JobRecord): number {
  const t = r.meta[`${stateOf(r)}_time`]
  return typeof t === 'number' && Number.isFinite(t) ? t : 0
}

interface ProjectIndex {
  jobs: Map<string, JobRecord>
  sorted: JobRecord[] | undefined
  spiders: Map<number, string>
  lastJob: Map<number, number>
}

/** The emulator's in-memory job store: metadata by key plus a per-project JobQ index. */
export class JobStore {
  readonly #jobs = new Map<string, JobRecord>()
  readonly #projects = new Map<number, ProjectIndex>()

  /** Number of stored jobs. */
  get size(): number {
    return this.#jobs.size
  }

  /** Project ids that hold at least one job. */
  projects(): number[] {
    return [...this.#projects.keys()].filter((p) => (this.#projects.get(p)?.jobs.size ?? 0) > 0)
  }

  /** The stored record for "P/S/J", if any. */
  record(key: string): JobRecord | undefined {
    return this.#jobs.get(key)
  }

  /** The live metadata object for "P/S/J" (includes hidden fields such as `auth`). */
  get(key: string): Record<string, unknown> | undefined {
    return this.#jobs.get(key)?.meta
  }

  /** Loads seeds (replacing same-key jobs); each becomes a JobQ job. Throws on a bad key. */
  load(seeds: readonly JobSeed[]): void {
    for (const seed of seeds) this.put(seed)
  }

  /** Stores one job from a seed; a seed without `state` is finished. */
  put(seed: JobSeed, queued = true): JobRecord {
    const { key, ...meta } = seed
    const ids = typeof key === 'string' ? parseKey(key) : undefined
    if (!ids) throw new TypeError(`invalid job key ${JSON.stringify(key)}: expected "P/S/J"`)
    if (meta.project === undefined) meta.project = ids.project
    if (queued && meta.state === undefined) meta.state = 'finished'
    const record: JobRecord = { key, ...ids, meta, queued }
    const existing = this.#jobs.get(key)
    const index = this.#index(ids.project)
    if (existing) index.jobs.delete(key)
    this.#jobs.set(key, record)
    index.jobs.set(key, record)
    index.sorted = undefined
    if (typeof meta.spider === 'string') index.spiders.set(ids.spider, meta.spider)
    if (ids.job > (index.lastJob.get(ids.spider) ?? 0)) index.lastJob.set(ids.spider, ids.job)
    return record
  }

  /** Sets metadata fields (read-only ones skipped); creates a metadata-only record if needed. */
  merge(key: string, fields: Record<string, unknown>): void {
    let record = this.#jobs.get(key)
    if (!record) record = this.put({ key }, false)
    for (const [k, v] of Object.entries(fields)) {
      if (READ_ONLY_FIELDS.has(k)) continue
      setOwn(record.meta, k, v)
      if (k.endsWith('_time')) this.touch(record)
      if (k === 'spider' && typeof v === 'string')
        this.#index(record.project).spiders.set(record.spider, v)
    }
  }

  /** Removes one field (no error when absent). */
  deleteField(key: string, field: string): void {
    const record = this.#jobs.get(key)
    if (!record || READ_ONLY_FIELDS.has(field)) return
    delete record.meta[field]
    if (field.endsWith('_time')) this.touch(record)
  }

  /** Removes a job's metadata entirely. */
  delete(key: string): boolean {
    const record = this.#jobs.get(key)
    if (!record) return false
    this.#jobs.delete(key)
    const index = this.#index(record.project)
    index.jobs.delete(key)
    index.sorted = undefined
    return true
  }

  /** Moves a job to `state`, stamping `<state>_time` with `now`; returns the previous state. */
  setState(key: string, state: JobState, now: number): JobState | undefined {
    const record = this.#jobs.get(key)
    if (!record) return undefined
    const prev = stateOf(record)
    record.meta.state = state
    record.meta[`${state}_time`] = now
    record.queued = true
    this.touch(record)
    return prev
  }

  /** Marks the project's JobQ order as stale after a change to a job's state or times. */
  touch(record: JobRecord): void {
    const index = this.#projects.get(record.project)
    if (index) index.sorted = undefined
  }

  /** The project's JobQ jobs, newest first (by the time of the current state, then job key). */
  list(project: number): readonly JobRecord[] {
    const index = this.#projects.get(project)
    if (!index) return []
    if (!index.sorted) {
      const rows: { r: JobRecord; ts: number }[] = []
      for (const r of index.jobs.values()) if (r.queued) rows.push({ r, ts: tsOf(r) })
      rows.sort(
        (a, b) =>
          b.ts - a.ts ||
          b.r.spider - a.r.spider ||
          b.r.job - a.r.job ||
          (a.r.key < b.r.key ? 1 : -1),
      )
      index.sorted = rows.map((x) => x.r)
    }
    return index.sorted
  }

  /** The spider name for a project's spider id, if known. */
  spiderName(project: number, spider: number): string | undefined {
    return this.#projects.get(project)?.spiders.get(spider)
  }

  /** The spider id for a name, assigning the next free id when `create` is set. */
  spiderId(project: number, name: string, create = false): number | undefined {
    const index = this.#index(project)
    let max = 0
    for (const [id, n] of index.spiders) {
      if (n === name) return id
      if (id > max) max = id
    }
    if (!create) return undefined
    index.spiders.set(max + 1, name)
    return max + 1
  }

  /** The next unused job number for a spider. */
  nextJob(project: number, spider: number): number {
    return (this.#index(project).lastJob.get(spider) ?? 0) + 1
  }

  /** Drops every job. */
  clear(): void {
    this.#jobs.clear()
    this.#projects.clear()
  }

  #index(project: number): ProjectIndex {
    let index = this.#projects.get(project)
    if (!index) {
      index = { jobs: new Map(), sorted: undefined, spiders: new Map(), lastJob: new Map() }
      this.#projects.set(project, index)
    }
    return index
  }
}
