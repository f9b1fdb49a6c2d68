/**
 * Job and project references as shub writes them, parsed once from the command line and resolved
 * against the configuration (default project, named targets) and the server (spider names):
 * `P/S/J`, a dashboard URL, `S/J` or `SPIDERNAME/J` in the current or default project,
 * `TARGET/S/J` in a named target's project, `P`, `TARGET`.
 */
import { type Client, InvalidKeyError, type JobKey, parseJobKey, parseKey } from '@jobmeta/core'

/** A project: by id, or by the name of a target in scrapinghub.yml (`projects: NAME: ...`). */
export type ProjectRef = { id: number } | { target: string }

/** A job as written on the command line; `project` undefined means the current/default project. */
export interface JobRef {
  /** The text as given (for messages). */
  text: string
  project?: ProjectRef
  /** Spider id, or spider name (resolved through core's spiderId). */
  spider: number | string
  job: number
}

/** What the viewer opens: a project (undefined = the default one) or a job. */
export type TargetRef = { kind: 'project'; project?: ProjectRef } | { kind: 'job'; job: JobRef }

/** What the viewer shows first, resolved. */
export type Target =
  | { kind: 'project'; project: number }
  | { kind: 'job'; project: number; key: string }

// shub's target names are \w+; spider names are Scrapy's (letters, digits, _ . -)
const TARGET_NAME = /^[A-Za-z_][\w]*$/
const SPIDER_NAME = /^(?!\d+$)[\w.-]+$/
const POSITIVE = /^[1-9]\d{0,15}$/

const JOB_FORMS = 'P/S/J, S/J or SPIDER/J (in the default project), TARGET/S/J, or a dashboard URL'

function positive(part: string): number | undefined {
  if (!POSITIVE.test(part)) return undefined
  const n = Number(part)
  return Number.isSafeInteger(n) ? n : undefined
}

function spiderPart(part: string): number | string | undefined {
  return positive(part) ?? (SPIDER_NAME.test(part) ? part : undefined)
}

/** Whether a text is a shub target name (`prod`), not a number. */
export function isTargetName(text: string): boolean {
  return TARGET_NAME.test(text)
}

/** Parses a job reference; undefined when the text is not one (so callers can try other forms). */
export function tryJobRef(input: string): JobRef | undefined {
  const text = input.trim()
  if (/^https?:\/\//i.test(text) || /^\d+\/\d+\/\d+$/.test(text)) {
    try {
      const k = parseJobKey(text)
      return { text, project: { id: k.project }, spider: k.spider, job: k.job }
    } catch {
      return undefined
    }
  }
  const parts = text.split('/')
  if (parts.length === 2) {
    const spider = spiderPart(parts[0] as string)
    const job = positive(parts[1] as string)
    return spider !== undefined && job !== undefined ? { text, spider, job } : undefined
  }
  if (parts.length === 3 && TARGET_NAME.test(parts[0] as string)) {
    const spider = spiderPart(parts[1] as string)
    const job = positive(parts[2] as string)
    if (spider === undefined || job === undefined) return undefined
    return { text, project: { target: parts[0] as string }, spider, job }
  }
  return undefined
}

/** Parses a job reference or throws InvalidKeyError naming the accepted forms. */
export function parseJobRef(input: string): JobRef {
  const ref = tryJobRef(input)
  if (!ref) throw new InvalidKeyError(`invalid job key ${JSON.stringify(input)}: use ${JOB_FORMS}`)
  return ref
}

/** Parses a project: an id, a dashboard URL of a project, or a target name. */
export function parseProjectRef(input: string): ProjectRef {
  const text = input.trim()
  if (isTargetName(text)) return { target: text }
  try {
    const k = parseKey(text)
    if (k.kind === 'project') return { id: k.project }
  } catch {
    // named below
  }
  throw new InvalidKeyError(
    `invalid project ${JSON.stringify(input)}: use a project id (123) or a target name from scrapinghub.yml`,
  )
}

/** Parses what the viewer opens: a job reference, a project id or URL, or a target name. */
export function parseTargetRef(input: string): TargetRef {
  const job = tryJobRef(input)
  if (job) return { kind: 'job', job }
  try {
    return { kind: 'project', project: parseProjectRef(input) }
  } catch {
    throw new InvalidKeyError(
      `invalid target ${JSON.stringify(input)}: use a project id, a target name, or a job key (${JOB_FORMS})`,
    )
  }
}

/** The target names a set of references use (each once). */
export function targetNames(refs: readonly (ProjectRef | undefined)[]): string[] {
  const names = refs.flatMap((r) => (r && 'target' in r ? [r.target] : []))
  return [...new Set(names)]
}

/** How references are resolved: named targets and the default project from the configuration. */
export interface Resolver {
  /** Project of a target name, undefined when the configuration has no such target. */
  targetProject(name: string): number | undefined
  /** The current/default project (flag, target, scrapinghub.yml, demo). */
  defaultProject?: number | undefined
}

/** Thrown when a reference cannot be resolved: from the configuration (`usage`, exit 2) or on the server (exit 1). */
export class UnresolvedError extends Error {
  override name = 'UnresolvedError'
  constructor(
    message: string,
    /** True when the arguments or configuration are at fault (no default project, unknown target). */
    readonly usage = true,
  ) {
    super(message)
  }
}

/** The project id of a reference (undefined ref = the default project). */
export function resolveProject(ref: ProjectRef | undefined, r: Resolver): number {
  if (ref && 'id' in ref) return ref.id
  if (ref) {
    const id = r.targetProject(ref.target)
    if (id === undefined)
      throw new UnresolvedError(
        `no target named ${JSON.stringify(ref.target)} in scrapinghub.yml (projects: ${ref.target}: ID)`,
      )
    return id
  }
  if (r.defaultProject === undefined)
    throw new UnresolvedError(
      'no default project: give one (--project ID, a full key P/S/J) or set projects: default: in scrapinghub.yml',
    )
  return r.defaultProject
}

/** The full job key of a reference; spider names are looked up with core's spiderId. */
export async function resolveJobRef(ref: JobRef, r: Resolver, client: Client): Promise<JobKey> {
  const project = resolveProject(ref.project, r)
  let spider: number
  if (typeof ref.spider === 'number') spider = ref.spider
  else {
    const id = await client.jobs(project).spiderId(ref.spider)
    if (id === undefined)
      throw new UnresolvedError(
        `no spider named ${JSON.stringify(ref.spider)} in project ${project}`,
        false,
      )
    spider = id
  }
  return parseJobKey(`${project}/${spider}/${ref.job}`)
}

/** What the viewer opens, resolved. */
export async function resolveTarget(
  ref: TargetRef | undefined,
  r: Resolver,
  client: Client,
): Promise<Target> {
  if (ref?.kind === 'job') {
    const key = await resolveJobRef(ref.job, r, client)
    return { kind: 'job', project: key.project, key: key.key }
  }
  return { kind: 'project', project: resolveProject(ref?.project, r) }
}
