/** A reader for the YAML subset used by `scrapinghub.yml` / `~/.scrapinghub.yml` (nested maps of scalars). */

/** A parsed YAML mapping: scalars are strings, numbers, booleans or null; nested maps are objects. */
export type YamlMap = { [key: string]: YamlValue }
/** A value in a parsed YAML mapping. */
export type YamlValue = string | number | boolean | null | YamlMap

/**
 * Parses block mappings (`key: value`, nested by indentation), comments and quoted scalars.
 * Lists and other YAML features are skipped, never misread as keys.
 */
export function parseYamlSubset(text: string): YamlMap {
  const root: YamlMap = {}
  const stack: { indent: number; map: YamlMap }[] = [{ indent: -1, map: root }]
  let skipDeeperThan: number | undefined
  for (const rawLine of text.split(/\r?\n/)) {
    const line = stripComment(rawLine)
    if (line.trim() === '' || line.trim() === '---') continue
    const indent = line.length - line.trimStart().length
    if (skipDeeperThan !== undefined) {
      if (indent > skipDeeperThan) continue
      skipDeeperThan = undefined
    }
    const body = line.trim()
    if (body.startsWith('- ') || body === '-') {
      skipDeeperThan = indent - 1
      continue
    }
    const match = /^("[^"]*"|'[^']*'|[^:]+?)\s*:(?:\s+(.*))?$/.exec(body)
    if (!match) continue
    while (stack.length > 1 && (stack[stack.length - 1] as { indent: number }).indent >= indent) {
      stack.pop()
    }
    const parent = (stack[stack.length - 1] as { map: YamlMap }).map
    const key = unquote(match[1] as string)
    const rest = match[2]?.trim()
    if (rest === undefined || rest === '') {
      const child: YamlMap = {}
      parent[key] = child
      stack.push({ indent, map: child })
    } else if (rest.startsWith('[') || rest.startsWith('{') || rest === '|' || rest === '>') {
      skipDeeperThan = indent
    } else {
      parent[key] = scalar(rest)
    }
  }
  return root
}

function stripComment(line: string): string {
  let quote: string | undefined
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quote) {
      if (ch === quote) quote = undefined
    } else if (ch === '"' || ch === "'") quote = ch
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) return line.slice(0, i)
  }
  return line
}

function unquote(s: string): string {
  const t = s.trim()
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) {
    return t.slice(1, -1)
  }
  return t
}

function scalar(s: string): YamlValue {
  if (s.startsWith('"') || s.startsWith("'")) return unquote(s)
  if (s === 'null' || s === '~') return null
  if (s === 'true') return true
  if (s === 'false') return false
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s)
  return s
}

/** What jobmeta takes from a scrapinghub.yml: the default API key and default project. */
export interface ScrapinghubSettings {
  apikey?: string
  project?: string
}

/** Extracts `apikeys: default:` and `projects: default:` (or `project:`) from a parsed file. */
export function settingsFromYaml(doc: YamlMap): ScrapinghubSettings {
  const out: ScrapinghubSettings = {}
  const apikeys = doc.apikeys
  if (isMap(apikeys) && apikeys.default !== undefined && apikeys.default !== null) {
    out.apikey = String(apikeys.default)
  }
  const projects = doc.projects
  if (isMap(projects)) {
    const def = projects.default
    if (isMap(def)) {
      if (def.id !== undefined && def.id !== null) out.project = String(def.id)
    } else if (def !== undefined && def !== null) {
      out.project = String(def)
    }
  }
  if (
    out.project === undefined &&
    (typeof doc.project === 'number' || typeof doc.project === 'string')
  ) {
    out.project = String(doc.project)
  }
  return out
}

function isMap(v: YamlValue | undefined): v is YamlMap {
  return typeof v === 'object' && v !== null
}
