import { BadRequestError, JobNotFoundError } from './errors.ts'
import { parseJson, parseJsonLinesText } from './jsonlines.ts'
import { type JobKey, toJobKey } from './key.ts'
import { sleep } from './retry.ts'
import { checkField, checkJobMetadata, type FieldValue, type JobMetadata } from './schema.ts'
import { JOB_STATES, type JobState } from './states.ts'
import { anySignal, type RequestOptions, type Transport } from './transport.ts'

/** Fields the client never writes: state changes go through JobQ, auth and _key are internal. */
export const READ_ONLY_FIELDS: readonly string[] = ['state', 'auth', '_key']

/** Options of JobHandle.get. */
export interface GetOptions extends RequestOptions {
  /** Return the object exactly as sent: no validation, null fields kept. */
  raw?: boolean
  /** Ask for JobQ summary fields (key, ts, elapsed, items, pages, logs, errors) via ?add_summary=1. */
  addSummary?: boolean
}

/** Options of JobHandle.waitFor. */
export interface WaitForOptions extends RequestOptions {
  /** State(s) to wait for, default 'finished'. A job already past them (e.g. deleted) also ends the wait. */
  until?: JobState | JobState[]
  /** Poll interval, default 5000 ms. */
  intervalMs?: number
  /** Called with each polled metadata. */
  onPoll?: (meta: JobMetadata) => void
}

/** Operations on one job's metadata. */
export interface JobHandle {
  readonly key: JobKey
  /** All metadata, validated. An empty body means the job does not exist: JobNotFoundError. */
  get(opts?: GetOptions): Promise<JobMetadata>
  /** One field. The server answers `null` for a missing field: that is returned as undefined. */
  field<K extends string>(name: K, opts?: RequestOptions): Promise<FieldValue<K> | undefined>
  /** Set one field to a JSON value (refuses state, auth, _key). */
  set(name: string, value: unknown, opts?: RequestOptions): Promise<void>
  /** Merge several fields (refuses state, auth, _key). */
  update(partial: Record<string, unknown>, opts?: RequestOptions): Promise<void>
  /** Delete one field (absent fields are fine). */
  delete(name: string, opts?: RequestOptions): Promise<void>
  /** Poll until the job reaches one of the given states. */
  waitFor(opts?: WaitForOptions): Promise<JobMetadata>
}

function fieldPath(name: string, allowReadOnly: boolean): string {
  // '.' and '..' are dot segments: URL resolution would drop them and address another resource
  // (DELETE /jobs/P/S/J/.. becomes DELETE /jobs/P/S/), and no encoding survives URL parsing
  if (
    typeof name !== 'string' ||
    name === '' ||
    name === '.' ||
    name === '..' ||
    name.includes('/')
  ) {
    throw new BadRequestError(
      `Invalid field name ${JSON.stringify(name)}: expected a non-empty name without "/", other than "." or ".."`,
    )
  }
  if (!allowReadOnly && READ_ONLY_FIELDS.includes(name)) {
    throw new BadRequestError(
      `Field "${name}" is read-only (the client never writes ${READ_ONLY_FIELDS.join(', ')})`,
    )
  }
  return encodeURIComponent(name)
}

/** JSON text of a value to write; values JSON cannot carry are refused locally, like read-only fields. */
export function jsonBody(value: unknown, what: string): string {
  let body: string | undefined
  try {
    body = JSON.stringify(value)
  } catch (error) {
    // BigInt, cycles, a throwing toJSON
    throw new BadRequestError(`Cannot write ${what}: not JSON-serialisable (${String(error)})`)
  }
  if (body === undefined) {
    throw new BadRequestError(`Cannot write ${what}: ${typeof value} has no JSON form`)
  }
  return body
}

function dropNulls(meta: Record<string, unknown>): Record<string, unknown> {
  for (const k in meta) if (meta[k] === null) delete meta[k]
  return meta
}

/** Parse a full-metadata body: JSON lines (one object) or a JSON array of one object; empty -> undefined. */
export function parseMetadataBody(text: string): unknown {
  const t = text.trim()
  if (t === '') return undefined
  if (t.startsWith('[')) {
    const arr = parseJson(t)
    return Array.isArray(arr) ? arr[0] : arr
  }
  const nl = t.indexOf('\n')
  return nl === -1 ? parseJson(t) : parseJsonLinesText(t)[0]
}

/** Create the handle of one job. */
export function createJobHandle(t: Transport, keyInput: string | JobKey): JobHandle {
  const key = toJobKey(keyInput)
  const base = `jobs/${key.project}/${key.spider}/${key.job}`

  const handle: JobHandle = {
    key,
    async get(opts = {}) {
      const spec = {
        method: 'GET' as const,
        base: 'storage' as const,
        path: base,
        query: { add_summary: opts.addSummary ? 1 : undefined },
        idempotent: true,
        signal: opts.signal,
      }
      return t.json(spec, (text, _type, url) => {
        const value = parseMetadataBody(text)
        if (value === undefined) {
          throw new JobNotFoundError(`Job ${key.key} not found (no metadata)`, {
            status: 404,
            url: url(),
          })
        }
        if (opts.raw) return value as JobMetadata
        if (value && typeof value === 'object' && !Array.isArray(value))
          dropNulls(value as Record<string, unknown>)
        return t.validate(
          (v) => checkJobMetadata(v, text),
          value,
          `metadata of job ${key.key}`,
          url,
        )
      })
    },

    async field<K extends string>(name: K, opts: RequestOptions = {}) {
      const spec = {
        method: 'GET' as const,
        base: 'storage' as const,
        path: `${base}/${fieldPath(name, true)}`,
        idempotent: true,
        signal: opts.signal,
      }
      return t.json(spec, (text, _type, url) => {
        const trimmed = text.trim()
        if (trimmed === '') return undefined
        const value = parseJson(trimmed)
        if (value === null) return undefined
        return t.validate<unknown>(
          (v) => checkField(name, v),
          value,
          `field "${name}" of job ${key.key}`,
          url,
        ) as FieldValue<K>
      })
    },

    async set(name, value, opts = {}) {
      const path = `${base}/${fieldPath(name, false)}`
      if (value === undefined)
        throw new BadRequestError(`No value for field "${name}" (use delete to remove it)`)
      const body = jsonBody(value, `field "${name}"`)
      await t.text({
        method: 'POST',
        base: 'storage',
        path,
        body,
        idempotent: true,
        signal: opts.signal,
      })
    },

    async update(partial, opts = {}) {
      if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
        throw new BadRequestError('update() takes an object of fields')
      }
      const refused = Object.keys(partial).filter((k) => READ_ONLY_FIELDS.includes(k))
      if (refused.length > 0) {
        throw new BadRequestError(
          `Refusing to write read-only field(s) ${refused.join(', ')} of job ${key.key}`,
        )
      }
      const body = jsonBody(partial, `fields of job ${key.key}`)
      await t.text({
        method: 'POST',
        base: 'storage',
        path: base,
        body,
        idempotent: true,
        signal: opts.signal,
      })
    },

    async delete(name, opts = {}) {
      const path = `${base}/${fieldPath(name, false)}`
      await t.text({
        method: 'DELETE',
        base: 'storage',
        path,
        idempotent: true,
        signal: opts.signal,
      })
    },

    async waitFor(opts = {}) {
      const until = new Set<JobState>(
        opts.until === undefined
          ? ['finished']
          : Array.isArray(opts.until)
            ? opts.until
            : [opts.until],
      )
      for (const s of until) {
        if (!JOB_STATES.includes(s)) throw new BadRequestError(`Unknown state "${s}" in waitFor`)
      }
      const last = Math.max(...[...until].map((s) => JOB_STATES.indexOf(s)))
      const intervalMs = opts.intervalMs ?? 5000
      const signal = anySignal([t.signal, opts.signal])
      for (;;) {
        const meta = await handle.get({ signal })
        opts.onPoll?.(meta)
        const state = meta.state
        if (state !== undefined && (until.has(state) || JOB_STATES.indexOf(state) > last))
          return meta
        await sleep(intervalMs, signal)
      }
    },
  }
  return handle
}
