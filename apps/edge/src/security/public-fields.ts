/** Reduces job metadata and JobQ rows to the fields an operator chose to publish. */
import { outcomeOf } from '@jobmeta/core'
import { IDENTITY_FIELDS } from '../config.ts'

/** A public job document: identity, outcome and the published fields present on the job. */
export type PublicJob = {
  key: string
  project: number
  spider_id: number
  job: number
  outcome: string
} & Record<string, unknown>

/** Public names computed from scrapystats (metadata) or from row counters (JobQ). */
const FROM_STATS: Record<string, string> = {
  items: 'item_scraped_count',
  requests: 'downloader/request_count',
  errors: 'log_count/ERROR',
}
const FROM_ROW: Record<string, string> = { items: 'items', requests: 'pages', errors: 'errors' }

function own(o: Record<string, unknown>, k: string): unknown {
  return Object.hasOwn(o, k) ? o[k] : undefined
}

function derived(meta: Record<string, unknown>, name: string, row: boolean): unknown {
  const source = row ? FROM_ROW[name] : FROM_STATS[name]
  if (typeof source !== 'string') return undefined
  if (row) return own(meta, source)
  const stats = own(meta, 'scrapystats')
  if (stats === null || typeof stats !== 'object') return undefined
  const v = own(stats as Record<string, unknown>, source)
  return typeof v === 'number' ? v : undefined
}

function pick(
  meta: Record<string, unknown>,
  fields: readonly string[],
  row: boolean,
): [string, unknown][] {
  const out: [string, unknown][] = []
  for (const f of fields) {
    const v = Object.hasOwn(FROM_STATS, f) ? derived(meta, f, row) : own(meta, f)
    if (v !== undefined) out.push([f, v])
  }
  return out
}

/** The public view of one job's metadata. */
export function publicJob(
  meta: Record<string, unknown>,
  key: { project: number; spider: number; job: number; key: string },
  fields: readonly string[],
): PublicJob {
  const state = own(meta, 'state')
  const close = own(meta, 'close_reason')
  const outcome = outcomeOf({
    state: typeof state === 'string' ? state : undefined,
    close_reason: typeof close === 'string' ? close : undefined,
  })
  // Object.fromEntries defines own properties, so a field named __proto__ cannot reach a prototype.
  return Object.fromEntries([
    ['key', key.key],
    ['project', key.project],
    ['spider_id', key.spider],
    ['job', key.job],
    ['outcome', outcome],
    ...pick(meta, fields, false),
  ]) as PublicJob
}

/** The public view of one JobQ row (`key`, `state`, `ts` and the published fields). */
export function publicRow(
  row: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  const state = own(row, 'state')
  const close = own(row, 'close_reason')
  return Object.fromEntries([
    ['key', own(row, 'key')],
    ['state', state],
    ['ts', own(row, 'ts')],
    [
      'outcome',
      outcomeOf({
        state: typeof state === 'string' ? state : undefined,
        close_reason: typeof close === 'string' ? close : undefined,
      }),
    ],
    ...pick(row, fields, true).filter(([k]) => k !== 'state'),
  ])
}

/** Whether a name may be asked for on the field route. */
export function isPublicField(name: string, fields: readonly string[]): boolean {
  return fields.includes(name) || IDENTITY_FIELDS.includes(name)
}
