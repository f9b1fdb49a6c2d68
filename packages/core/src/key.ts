import { InvalidKeyError } from './errors.ts'

/** A parsed job key: project id, spider id and job number, plus the canonical "P/S/J" string. */
export interface JobKey {
  project: number
  spider: number
  job: number
  /** Canonical "P/S/J". */
  key: string
}

/** Any of the key forms: a project, a spider in a project, or a job. */
export type ParsedKey =
  | { kind: 'project'; project: number }
  | { kind: 'spider'; project: number; spider: number }
  | ({ kind: 'job' } & JobKey)

const DASHBOARD_HOSTS = new Set([
  'app.zyte.com',
  'app.scrapinghub.com',
  'dash.scrapinghub.com',
  'dash.zyte.com',
])
const JOB_EXPECTED =
  'expected a job key "P/S/J" (three positive integers, e.g. "123/4/56") or a dashboard URL such as https://app.zyte.com/p/123/4/56'
const ANY_EXPECTED =
  'expected "P" (project), "P/S" (spider) or "P/S/J" (job) with positive integers, or a dashboard URL such as https://app.zyte.com/p/123/4/56'

function show(input: unknown): string {
  if (typeof input !== 'string') return String(typeof input)
  const s = input.length > 80 ? `${input.slice(0, 80)}…` : input
  return JSON.stringify(s)
}

/** A positive safe integer written in decimal digits, or undefined. */
function positiveInt(part: string | undefined): number | undefined {
  if (part === undefined || !/^\d{1,16}$/.test(part)) return undefined
  const n = Number(part)
  return n > 0 && Number.isSafeInteger(n) ? n : undefined
}

/** Path parts of a dashboard URL that identify the key, or undefined if the input is not such a URL. */
function dashboardParts(input: string): string[] | undefined {
  if (!/^https?:\/\//i.test(input)) return undefined
  let url: URL
  try {
    url = new URL(input)
  } catch {
    return undefined
  }
  if (!DASHBOARD_HOSTS.has(url.hostname.toLowerCase())) return undefined
  const segs = url.pathname.split('/').filter((s) => s !== '')
  if (segs[0] !== 'p' || segs.length < 2) return undefined
  const rest = segs.slice(1)
  // older dashboard: /p/P/job/S/J
  if (rest[1] === 'job' && rest.length >= 4) return [rest[0]!, rest[2]!, rest[3]!]
  const ids: string[] = []
  for (const s of rest) {
    if (!/^\d+$/.test(s) || ids.length === 3) break
    ids.push(s)
  }
  return ids
}

/** Split into numeric parts, or undefined when the text is neither "P[/S[/J]]" nor a dashboard URL. */
function parts(input: string): number[] | undefined {
  const text = input.trim()
  const raw = /^\d+(\/\d+){0,2}$/.test(text) ? text.split('/') : dashboardParts(text)
  if (!raw || raw.length === 0) return undefined
  const nums: number[] = []
  for (const p of raw) {
    const n = positiveInt(p)
    if (n === undefined) return undefined
    nums.push(n)
  }
  return nums
}

/** Parse a job key: "P/S/J", surrounding spaces allowed, or a dashboard job URL (extra path parts ignored). */
export function parseJobKey(input: string): JobKey {
  if (typeof input !== 'string')
    throw new InvalidKeyError(`Invalid job key ${show(input)}: ${JOB_EXPECTED}`)
  const nums = parts(input)
  if (nums?.length !== 3) {
    throw new InvalidKeyError(`Invalid job key ${show(input)}: ${JOB_EXPECTED}`)
  }
  const [project, spider, job] = nums as [number, number, number]
  return { project, spider, job, key: `${project}/${spider}/${job}` }
}

/** Parse a project ("P"), spider ("P/S") or job ("P/S/J") key, or a dashboard URL of one. */
export function parseKey(input: string): ParsedKey {
  if (typeof input !== 'string')
    throw new InvalidKeyError(`Invalid key ${show(input)}: ${ANY_EXPECTED}`)
  const nums = parts(input)
  if (!nums) throw new InvalidKeyError(`Invalid key ${show(input)}: ${ANY_EXPECTED}`)
  const [project, spider, job] = nums as [number, number | undefined, number | undefined]
  if (job !== undefined && spider !== undefined) {
    return { kind: 'job', project, spider, job, key: `${project}/${spider}/${job}` }
  }
  if (spider !== undefined) return { kind: 'spider', project, spider }
  return { kind: 'project', project }
}

/** Normalise a key given as a string or a JobKey. */
export function toJobKey(key: string | JobKey): JobKey {
  if (typeof key === 'string') return parseJobKey(key)
  // JavaScript callers can pass anything: null, a number, an object without `key`
  const inner = key !== null && typeof key === 'object' ? (key as { key?: unknown }).key : key
  return parseJobKey(inner as string)
}

/** The dashboard URL of a job: https://app.zyte.com/p/P/S/J. */
export function dashboardUrl(key: JobKey | string): string {
  const k = toJobKey(key)
  return `https://app.zyte.com/p/${k.key}`
}
