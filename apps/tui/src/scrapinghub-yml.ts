/**
 * Reads shub's `scrapinghub.yml` / `~/.scrapinghub.yml` with the `yaml` package, in every form shub
 * documents: `project: N`, `apikey: KEY`, `projects: {NAME: N | "N" | "ENDPOINT/N" | {id: N,
 * apikey: NAME}}` (block or flow maps), `apikeys: {default: KEY, NAME: KEY}`.
 */
import type { parse as yamlParse } from 'yaml'

/** The YAML parser (the `yaml` package's `parse`, loaded only when a file exists). */
export type YamlParse = typeof yamlParse

/** One named target: its project and the name of its API key in `apikeys` (if it names one). */
export interface TargetSpec {
  project: number
  apikey?: string
}

/** What jobmeta takes from one file. */
export interface ShubFile {
  path: string
  projects: Record<string, TargetSpec>
  apikeys: Record<string, string>
}

/** Thrown for a file that is not valid YAML or holds a value of the wrong kind (a usage error). */
export class ShubConfigError extends Error {
  override name = 'ShubConfigError'
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function projectId(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v > 0 ? v : undefined
  if (typeof v !== 'string') return undefined
  // "ENDPOINT/ID" names an endpoint (dash API) too; the storage API is the same for all of them
  const id = v.trim().split('/').pop() ?? ''
  return /^[1-9]\d{0,15}$/.test(id) ? Number(id) : undefined
}

function target(path: string, name: string, v: unknown): TargetSpec {
  const spec = isMap(v) ? v : { id: v }
  const project = projectId(spec.id)
  if (project === undefined)
    throw new ShubConfigError(
      `${path}: projects: ${name}: expected a project id (123 or {id: 123}), got ${JSON.stringify(spec.id ?? null)}`,
    )
  const out: TargetSpec = { project }
  if (typeof spec.apikey === 'string' && spec.apikey !== '') out.apikey = spec.apikey
  else if (isMap(v) && typeof v.endpoint === 'string' && v.endpoint !== '') out.apikey = v.endpoint
  else if (typeof v === 'string' && v.includes('/')) out.apikey = v.split('/')[0] as string
  return out
}

/** Parses the text of one scrapinghub.yml (`path` is for messages) with the `yaml` package's `parse`. */
export function parseShubFile(path: string, text: string, parse: YamlParse): ShubFile {
  let doc: unknown
  try {
    doc = parse(text, { prettyErrors: true, maxAliasCount: 50 })
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0]
    throw new ShubConfigError(`${path}: not valid YAML: ${first}`)
  }
  const file: ShubFile = { path, projects: {}, apikeys: {} }
  if (doc === null || doc === undefined) return file
  if (!isMap(doc)) throw new ShubConfigError(`${path}: expected a mapping at the top level`)
  if (doc.projects !== undefined && doc.projects !== null) {
    if (!isMap(doc.projects)) throw new ShubConfigError(`${path}: projects: expected a mapping`)
    for (const [name, v] of Object.entries(doc.projects))
      file.projects[name] = target(path, name, v)
  }
  if (doc.project !== undefined && doc.project !== null)
    file.projects.default = target(path, 'default', doc.project)
  if (doc.apikeys !== undefined && doc.apikeys !== null) {
    if (!isMap(doc.apikeys)) throw new ShubConfigError(`${path}: apikeys: expected a mapping`)
    for (const [name, v] of Object.entries(doc.apikeys))
      if (typeof v === 'string' || typeof v === 'number') file.apikeys[name] = String(v).trim()
  }
  if (typeof doc.apikey === 'string') file.apikeys.default = doc.apikey.trim()
  return file
}

/** Where a merged value came from. */
export interface Sourced<T> {
  value: T
  /** `projects.prod in /path/scrapinghub.yml` */
  source: string
}

/** Several files merged as shub does: later files (the local one) override earlier ones (the global one), name by name. */
export interface ShubSettings {
  files: string[]
  projects: Record<string, Sourced<TargetSpec>>
  apikeys: Record<string, Sourced<string>>
}

/** Merges files in precedence order, lowest first. */
export function mergeShubFiles(files: readonly ShubFile[]): ShubSettings {
  const out: ShubSettings = { files: [], projects: {}, apikeys: {} }
  for (const f of files) {
    out.files.push(f.path)
    for (const [name, value] of Object.entries(f.projects))
      out.projects[name] = { value, source: `projects.${name} in ${f.path}` }
    for (const [name, value] of Object.entries(f.apikeys))
      if (value !== '') out.apikeys[name] = { value, source: `apikeys.${name} in ${f.path}` }
  }
  return out
}
