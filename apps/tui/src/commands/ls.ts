/** `jobmeta ls PROJECT [--state S] [--spider NAME] [--tag T] [--count N] [--json]`: a table or JSON lines. */
import { type Client, type JobState, type ListFilters, parseKey } from '@jobmeta/core'
import { EXIT } from '../exit-codes.ts'
import { explainError } from '../explain-error.ts'
import { columnsFor, headerLine, rowLine } from '../job-row.ts'
import { listRows } from '../list-rows.ts'
import { terminalJson } from '../text.ts'
import { type Io, writeError } from './io.ts'

/** Filters and output format of `ls`. */
export interface LsOptions {
  state: string[]
  spider?: string
  tag: string[]
  count?: number
  json: boolean
  width?: number
  now?: number
}

/** The states listed when none are asked for (JobQ's own default is finished only). */
export const DEFAULT_STATES: JobState[] = ['pending', 'running', 'finished']

/** Parses a project id (or fails with a usage-style message). */
export function parseProject(input: string): number {
  const k = parseKey(input)
  if (k.kind !== 'project') throw new Error(`"${input}" is not a project id (expected e.g. 123)`)
  return k.project
}

/** JobQ list filters for the options. */
export function listFilters(
  options: Pick<LsOptions, 'state' | 'spider' | 'tag' | 'count'>,
): ListFilters {
  const filters: ListFilters = {
    state: (options.state.length ? options.state : DEFAULT_STATES) as JobState[],
  }
  if (options.spider) filters.spider = options.spider
  if (options.tag.length) filters.hasTag = options.tag
  if (options.count !== undefined) filters.count = options.count
  return filters
}

/** Runs `ls`; returns the exit code. */
export async function runLs(
  client: Client,
  projectInput: string,
  options: LsOptions,
  io: Io,
): Promise<number> {
  let project: number
  try {
    project = parseProject(projectInput)
  } catch (err) {
    io.err.write(`jobmeta: ${explainError(err).message}\n`)
    return EXIT.usage
  }
  const columns = columnsFor(options.width ?? 120)
  const now = options.now ?? Date.now()
  let n = 0
  try {
    const filters = listFilters({ ...options, count: options.count ?? 50 })
    const rows = options.json
      ? client.jobs(project).list(filters)
      : await listRows(client, project, filters)
    for await (const row of rows) {
      if (!options.json && n === 0) io.out.write(`${headerLine(columns).trimEnd()}\n`)
      io.out.write(
        options.json ? `${terminalJson(row)}\n` : `${rowLine(row, columns, now).trimEnd()}\n`,
      )
      n++
    }
  } catch (err) {
    writeError(io, `project ${project}`, err)
    return EXIT.error
  }
  if (n === 0 && !options.json) io.err.write(`jobmeta: no jobs in project ${project} match\n`)
  return EXIT.ok
}
