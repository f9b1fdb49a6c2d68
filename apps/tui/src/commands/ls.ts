/** `jobmeta ls [PROJECT] [filters] [--sort KEY] [--count N] [--json]`: a table or JSON lines. */
import { type Client, type JobMetadata, type JobQRow, summarize } from '@jobmeta/core'
import { EXIT } from '../exit-codes.ts'
import { columnsFor, headerLine, rowLine } from '../job-row.ts'
import { jobqFilters, type ListQuery, rowMatches, sortRows } from '../list-query.ts'
import { listRows } from '../list-rows.ts'
import { terminalJson } from '../text.ts'
import { type Io, writeError } from './io.ts'

/** Output format of `ls`. */
export interface LsOptions {
  json: boolean
  width?: number
  now?: number
}

/** Rows listed when `--count` is not given. */
export const DEFAULT_COUNT = 50
/** Rows read per JobQ page while the outcome filter is applied. */
export const PAGE_SIZE = 200
/** Most rows read to find `count` matching ones (bounded work for a rare outcome). */
export const MAX_SCANNED = 5000

/**
 * The first `count` rows (newest first) that pass the query: JobQ filters what it can; the outcome
 * filter is applied here, reading further pages until enough rows match (or MAX_SCANNED rows were
 * read, or the list ends). Then sorted by the query's sort key.
 */
export async function queryRows(
  client: Client,
  project: number,
  query: ListQuery,
  now: number,
): Promise<{ rows: JobQRow[]; scanned: number; complete: boolean }> {
  const count = query.count ?? DEFAULT_COUNT
  const filters = jobqFilters(query)
  const paging = query.outcome.length > 0
  const page = paging ? Math.max(PAGE_SIZE, count) : count
  const rows: JobQRow[] = []
  let scanned = 0
  let complete = false
  for (let start = 0; rows.length < count; start += page) {
    const batch = await listRows(client, project, {
      ...filters,
      count: page,
      ...(start ? { start } : {}),
    })
    scanned += batch.length
    for (const r of batch) if (rows.length < count && rowMatches(r, query)) rows.push(r)
    if (batch.length < page) {
      complete = true
      break
    }
    if (!paging || scanned >= MAX_SCANNED) break
  }
  return { rows: sortRows(rows, query.sort, now), scanned, complete }
}

/** A row as `ls --json` prints it: JobQ's fields plus core's outcome and run time (ms). */
export function rowJson(row: JobQRow, now: number): Record<string, unknown> {
  const summary = summarize(row as unknown as JobMetadata, now)
  const out: Record<string, unknown> = { ...row, outcome: summary.outcome }
  if (summary.runTimeMs !== undefined) out.runTimeMs = summary.runTimeMs
  return out
}

/** Runs `ls` on a project; returns the exit code. */
export async function runLs(
  client: Client,
  project: number,
  query: ListQuery,
  options: LsOptions,
  io: Io,
): Promise<number> {
  const columns = columnsFor(options.width ?? 120)
  const now = options.now ?? Date.now()
  let result: Awaited<ReturnType<typeof queryRows>>
  try {
    result = await queryRows(client, project, query, now)
  } catch (err) {
    writeError(io, `project ${project}`, err)
    return EXIT.error
  }
  const { rows, scanned, complete } = result
  if (!options.json && rows.length) io.out.write(`${headerLine(columns).trimEnd()}\n`)
  for (const row of rows) {
    io.out.write(
      options.json
        ? `${terminalJson(rowJson(row, now))}\n`
        : `${rowLine(row, columns, now).trimEnd()}\n`,
    )
  }
  const count = query.count ?? DEFAULT_COUNT
  if (query.outcome.length && rows.length < count && !complete)
    io.err.write(
      `jobmeta: ${rows.length} matching jobs in the newest ${scanned} of project ${project}; narrow with --since or --spider to look further\n`,
    )
  else if (rows.length === 0 && !options.json)
    io.err.write(`jobmeta: no jobs in project ${project} match\n`)
  return EXIT.ok
}
