/** Reduces job metadata and JobQ rows to the fields an operator chose to publish. */
import {
  type JobFigures,
  type JobKey,
  jobFigures,
  type Outcome,
  outcomeOf,
  rowFigures,
} from '@jobmeta/core'
import { IDENTITY_FIELDS } from '../config.ts'

/** A public job document: identity, outcome and the published fields present on the job. */
export type PublicJob = {
  key: string
  project: number
  spider_id: number
  job: number
  outcome: Outcome
} & Record<string, unknown>

/** Public names whose values are core's figures of the job (`jobFigures` / `rowFigures`), not fields. */
const FIGURES: ReadonlySet<string> = new Set<keyof JobFigures>(['items', 'requests', 'errors'])

function own(o: Record<string, unknown>, k: string): unknown {
  return Object.hasOwn(o, k) ? o[k] : undefined
}

function pick(
  source: Record<string, unknown>,
  fields: readonly string[],
  figures: () => JobFigures,
): [string, unknown][] {
  const out: [string, unknown][] = []
  const computed = fields.some((f) => FIGURES.has(f)) ? figures() : {}
  for (const f of fields) {
    const v = FIGURES.has(f) ? computed[f as keyof JobFigures] : own(source, f)
    if (v !== undefined) out.push([f, v])
  }
  return out
}

/** The public view of one job's metadata. */
export function publicJob(
  meta: Record<string, unknown>,
  key: JobKey,
  fields: readonly string[],
): PublicJob {
  // Object.fromEntries defines own properties, so a field named __proto__ cannot reach a prototype.
  return Object.fromEntries([
    ['key', key.key],
    ['project', key.project],
    ['spider_id', key.spider],
    ['job', key.job],
    ['outcome', outcomeOf({ state: own(meta, 'state'), close_reason: own(meta, 'close_reason') })],
    ...pick(meta, fields, () => jobFigures(meta)),
  ]) as PublicJob
}

/** The public view of one JobQ row (`key`, `state`, `ts` and the published fields). */
export function publicRow(
  row: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  const state = own(row, 'state')
  return Object.fromEntries([
    ['key', own(row, 'key')],
    ['state', state],
    ['ts', own(row, 'ts')],
    ['outcome', outcomeOf({ state, close_reason: own(row, 'close_reason') })],
    ...pick(row, fields, () => rowFigures(row)).filter(([k]) => k !== 'state'),
  ])
}

/** Whether a name may be asked for on the field route. */
export function isPublicField(name: string, fields: readonly string[]): boolean {
  return fields.includes(name) || IDENTITY_FIELDS.includes(name)
}
