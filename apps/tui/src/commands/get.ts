/** `jobmeta get KEY... [FIELD...] [--json]`: jobs' metadata, or named fields, one block or JSON line per job. */
import {
  type Client,
  formatIssuePath,
  type JobKey,
  type JobMetadata,
  metadataIssues,
  readFieldPath,
  summarize,
} from '@jobmeta/core'
import { EXIT } from '../exit-codes.ts'
import { explainError } from '../explain-error.ts'
import { ODD_MARK } from '../lines.ts'
import { safeText, safeValue, terminalJson } from '../text.ts'
import { type Io, writeError } from './io.ts'

/** Options of `get`. */
export interface GetOptions {
  json: boolean
  now?: number
}

/**
 * On stderr: which values (of the requested fields, or of the whole job) have an unexpected type.
 * They are printed as sent; the note says so, and the exit code stays 0.
 */
function noteOddValues(io: Io, key: string, meta: JobMetadata, fields: readonly string[]): void {
  const paths = metadataIssues(meta)
    .map((i) => formatIssuePath(i.path))
    .filter(
      (p, i, all) =>
        all.indexOf(p) === i &&
        (fields.length === 0 ||
          fields.some((f) => p === f || p.startsWith(`${f}.`) || p.startsWith(`${f}[`))),
    )
  if (paths.length === 0) return
  const n = paths.length
  io.err.write(
    `jobmeta: ${key}: ${n} value${n === 1 ? '' : 's'} of unexpected type, printed as sent` +
      `${fields.length ? '' : ` and marked ${ODD_MARK}`}: ${paths.map(safeText).join(', ')}\n`,
  )
}

/** What `get` prints: the jobs (parsed and resolved once) and the fields asked for. */
export interface GetRequest {
  keys: readonly JobKey[]
  fields: readonly string[]
}

/** Text of one field value: `null` for a null value (distinct from a missing field). */
function fieldText(v: unknown): string {
  return v === null ? 'null' : v === undefined ? '' : safeValue(v)
}

/** The JSON document `get --json` prints for one job: its key, core's summary, and the metadata or the fields. */
export function jobJson(
  key: string,
  meta: JobMetadata,
  fields: readonly string[],
  now: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = { key, summary: summarize(meta, now) }
  if (fields.length === 0) out.metadata = meta
  else {
    const values: Record<string, unknown> = {}
    // core's readFieldPath: `scrapystats.NAME` is a stat; a field sent as null is kept as null
    for (const f of fields) {
      const found = readFieldPath(meta, f)
      if (found) values[f] = found.value ?? null
    }
    out.fields = values
  }
  return out
}

/** The report printed without fields (get-report.ts, whose layout code loads only for it). */
type Report = (key: string, meta: JobMetadata, now: number) => string

/** One job's text block: the report, or the field values (one per line; with several keys, under the key). */
function textBlock(
  key: string,
  meta: JobMetadata,
  fields: readonly string[],
  several: boolean,
  now: number,
  report: Report | undefined,
): string {
  if (fields.length === 0 && report) return report(key, meta, now)
  // a missing field prints an empty line: line N is still field N for `read a b c`
  if (!several) return `${fields.map((f) => fieldText(readFieldPath(meta, f)?.value)).join('\n')}\n`
  return `${key}\n${fields.map((f) => `  ${safeText(f)}  ${fieldText(readFieldPath(meta, f)?.value)}`).join('\n')}\n`
}

type Read = { key: string; meta: JobMetadata } | { key: string; error: unknown }

/**
 * Reads the jobs, four at a time, results in order. With fields asked for, the metadata is read as
 * sent (core otherwise drops null fields), so a field present with the value null is told apart
 * from a missing one; odd values are still named (noteOddValues).
 */
async function readJobs(client: Client, keys: readonly JobKey[], raw: boolean): Promise<Read[]> {
  const out: Read[] = new Array(keys.length)
  let next = 0
  const worker = async () => {
    while (next < keys.length) {
      const i = next++
      const key = keys[i] as JobKey
      try {
        out[i] = { key: key.key, meta: await client.job(key).get(raw ? { raw: true } : {}) }
      } catch (error) {
        out[i] = { key: key.key, error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(4, keys.length) }, worker))
  return out
}

/**
 * Runs `get` for one or more jobs, in order: one text block or one JSON line per job, each with its
 * key. Exit 1 when a job cannot be read or a field does not exist (the others are still printed).
 */
export async function runGet(
  client: Client,
  request: GetRequest,
  options: GetOptions,
  io: Io,
): Promise<number> {
  const { keys, fields } = request
  const several = keys.length > 1
  const now = options.now ?? Date.now()
  let code: number = EXIT.ok
  const results = await readJobs(client, keys, fields.length > 0)
  const report =
    fields.length === 0 && !options.json
      ? (await import('./get-report.ts')).prettyMetadata
      : undefined
  for (const [i, r] of results.entries()) {
    if (!('meta' in r)) {
      writeError(io, r.key, r.error)
      const message = explainError(r.error, 'command').message
      if (options.json) io.out.write(`${terminalJson({ key: r.key, error: message })}\n`)
      code = EXIT.error
      continue
    }
    const meta = r.meta
    // null means "no value", not an odd type (core drops top-level nulls on a normal read)
    const checked = Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== null))
    noteOddValues(io, r.key, checked as JobMetadata, fields)
    for (const f of fields) {
      if (!readFieldPath(meta, f)) {
        io.err.write(`jobmeta: ${r.key}: no such field: ${safeText(f)}\n`)
        code = EXIT.error
      }
    }
    if (options.json) io.out.write(`${terminalJson(jobJson(r.key, meta, fields, now))}\n`)
    else
      io.out.write(
        `${several && i > 0 && fields.length === 0 ? '\n' : ''}${textBlock(r.key, meta, fields, several, now, report)}`,
      )
  }
  return code
}
