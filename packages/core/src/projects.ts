import { InvalidKeyError } from './errors.ts'
import { parseJson } from './jsonlines.ts'
import { parseKey } from './key.ts'
import {
  checkProjectJobSummary,
  checkProjectSummary,
  type ProjectJobSummary,
  type ProjectSummary,
} from './schema.ts'
import type { RequestOptions, RequestSpec, Transport } from './transport.ts'

/** One project: its job counts. */
export interface ProjectHandle {
  readonly project: number
  /** Jobs per state, running units and capacity (`GET /projects/P/jobsummary`). */
  summary(opts?: RequestOptions): Promise<ProjectJobSummary>
}

/** Every project the credentials read. */
export interface Projects {
  /** One entry per project the key reads, with its job counts (`GET /projects/jobsummaries`). */
  summary(opts?: RequestOptions): Promise<ProjectSummary[]>
}

/** A storage GET (idempotent, so retried under the policy). */
function storageGet(path: string, opts: RequestOptions): RequestSpec {
  return { method: 'GET', base: 'storage', path, idempotent: true, signal: opts.signal }
}

/** A project id from a number or "P"; anything else is an InvalidKeyError. */
export function parseProjectId(input: number | string): number {
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input <= 0)
      throw new InvalidKeyError(`Invalid project ${input}: expected a positive integer`)
    return input
  }
  const k = parseKey(input)
  if (k.kind !== 'project')
    throw new InvalidKeyError(`Expected a project id ("P"), got the ${k.kind} key ${input.trim()}`)
  return k.project
}

/** Create the handle of one project (a number or "P"). */
export function createProjectHandle(t: Transport, input: number | string): ProjectHandle {
  const project = parseProjectId(input)
  return {
    project,
    summary(opts = {}) {
      return t.json(storageGet(`projects/${project}/jobsummary`, opts), (text, _type, url) =>
        t.validate(
          checkProjectJobSummary,
          parseJson(text.trim()),
          `job summary of project ${project}`,
          url,
        ),
      )
    },
  }
}

/** Create the calls that span every project the credentials read. */
export function createProjects(t: Transport): Projects {
  return {
    summary(opts = {}) {
      return t.json(storageGet('projects/jobsummaries', opts), (text, _type, url) => {
        const value = parseJson(text.trim())
        const list = Array.isArray(value) ? value : [value]
        return Promise.all(
          list.map((v) => t.validate(checkProjectSummary, v, 'project job summaries', url)),
        )
      })
    },
  }
}
