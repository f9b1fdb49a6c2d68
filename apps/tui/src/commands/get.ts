/** `jobmeta get KEY [FIELD...] [--json]`: a job's metadata, or named fields one per line. */
import {
  type Client,
  getStat,
  groupStats,
  type JobMetadata,
  outcomeOf,
  parseJobKey,
} from '@jobmeta/core'
import { overviewLines } from '../detail-lines.ts'
import { EXIT } from '../exit-codes.ts'
import { explainError } from '../explain-error.ts'
import { statsLines } from '../stats-lines.ts'
import { type Io, writeError } from './io.ts'

/** Options of `get`. */
export interface GetOptions {
  json: boolean
  now?: number
}

/** Reads one field: `scrapystats.NAME` is a stat (names contain '/'), anything else a metadata field. */
export function readField(meta: JobMetadata, name: string): unknown {
  if (name.startsWith('scrapystats.')) return getStat(meta, name.slice('scrapystats.'.length))
  return (meta as Record<string, unknown>)[name]
}

function plain(v: unknown): string {
  if (v === undefined || v === null) return ''
  return typeof v === 'string' ? v : JSON.stringify(v)
}

/** The human-readable metadata report printed by `get` without fields. */
export function prettyMetadata(key: string, meta: JobMetadata, now: number, width = 100): string {
  const head = [key, meta.spider, meta.state, outcomeOf(meta), meta.version]
    .filter((v) => v !== undefined && v !== '')
    .join('  ')
  const lines = [head, ...overviewLines(meta, now, width).map((l) => l.text)]
  const stats = meta.scrapystats
  if (stats && Object.keys(stats).length) {
    lines.push(
      'Scrapy stats',
      ...statsLines(groupStats(stats), new Set()).map((l) => `  ${l.text}`),
    )
  }
  return `${lines.join('\n')}\n`
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
  if (fields.length === 0) {
    io.out.write(
      options.json
        ? `${JSON.stringify(meta, null, 2)}\n`
        : prettyMetadata(key.key, meta, options.now ?? Date.now()),
    )
    return EXIT.ok
  }
  if (options.json) {
    const obj: Record<string, unknown> = {}
    for (const f of fields) obj[f] = readField(meta, f) ?? null
    io.out.write(`${JSON.stringify(obj)}\n`)
  } else {
    io.out.write(`${fields.map((f) => plain(readField(meta, f))).join('\n')}\n`)
  }
  return EXIT.ok
}
