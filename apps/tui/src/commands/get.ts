/** `jobmeta get KEY [FIELD...] [--json]`: a job's metadata, or named fields one per line. */
import {
  type Client,
  formatIssuePath,
  type JobMetadata,
  metadataIssues,
  parseJobKey,
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

const STATS_PREFIX = 'scrapystats.'

/**
 * Reads one field as sent: `scrapystats.NAME` is a stat (names contain '/'), anything else a
 * metadata field. Values of unexpected type are returned too (the caller names them).
 */
export function readField(meta: JobMetadata, name: string): unknown {
  const raw = meta as Record<string, unknown>
  if (name.startsWith(STATS_PREFIX)) {
    const stats = raw.scrapystats
    const stat = name.slice(STATS_PREFIX.length)
    if (!stats || typeof stats !== 'object' || !Object.hasOwn(stats, stat)) return undefined
    return (stats as Record<string, unknown>)[stat]
  }
  return Object.hasOwn(raw, name) ? raw[name] : undefined
}

function plain(v: unknown): string {
  return v === undefined || v === null ? '' : safeValue(v)
}

/**
 * On stderr: which values (of the requested fields, or of the whole job) have an unexpected type.
 * They are printed as sent; the note says so, and the exit code stays 0.
 */
function noteOddValues(io: Io, key: string, meta: JobMetadata, fields: string[]): void {
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

/** Runs `get`; returns the exit code. */
export async function runGet(
  client: Client,
  args: string[],
  options: GetOptions,
  io: Io,
): Promise<number> {
  const [keyInput, ...fields] = args
  let key: ReturnType<typeof parseJobKey>
  try {
    key = parseJobKey(keyInput ?? '')
  } catch (err) {
    io.err.write(`jobmeta: ${explainError(err).message}\n`)
    return EXIT.usage
  }
  let meta: JobMetadata
  try {
    meta = await client.job(key).get()
  } catch (err) {
    writeError(io, key.key, err)
    return EXIT.error
  }
  noteOddValues(io, key.key, meta, fields)
  if (fields.length === 0) {
    if (options.json) io.out.write(`${terminalJson(meta, 2)}\n`)
    else {
      // the report's layout code (display widths, stats tree) loads only for the report
      const { prettyMetadata } = await import('./get-report.ts')
      io.out.write(prettyMetadata(key.key, meta, options.now ?? Date.now()))
    }
    return EXIT.ok
  }
  if (options.json) {
    const obj: Record<string, unknown> = {}
    for (const f of fields) obj[f] = readField(meta, f) ?? null
    io.out.write(`${terminalJson(obj)}\n`)
  } else {
    io.out.write(`${fields.map((f) => plain(readField(meta, f))).join('\n')}\n`)
  }
  return EXIT.ok
}
