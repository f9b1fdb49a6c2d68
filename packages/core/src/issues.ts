// The odd values of an answer (a value that does not have its documented type), and their wording.

/** One value of a response that does not have its documented type. */
export interface FieldIssue {
  /** Where it is: `['tags']`, `['tags', 1]`, `['scrapystats', 'log_count/ERROR']`; `[]` is the whole document. */
  path: (string | number)[]
  /** What the schema expects, in words (`'array of strings'`). */
  expected: string
  /** What arrived, in words (`'string "nightly"'`, `'number 1.5'`, `'null'`). */
  got: string
}

const PREVIEW = 40

/** A value in a few words for an issue: its JSON type and, for scalars, a short preview. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return `array of ${v.length}`
  switch (typeof v) {
    case 'string': {
      const cps = Array.from(v)
      const shown = cps.length > PREVIEW ? `${cps.slice(0, PREVIEW).join('')}…` : v
      return `string ${JSON.stringify(shown)}`
    }
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof v} ${String(v)}`
    case 'object':
      return 'object'
    default:
      return typeof v
  }
}

/** A path as people read it: `tags[1]`, `scrapystats.log_count/ERROR` (as `jobmeta get` names fields). */
export function formatIssuePath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(document)'
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')
}

/** One issue in one line: `tags: expected array of strings, got string "nightly"`. */
export function formatFieldIssue(issue: FieldIssue): string {
  return `${formatIssuePath(issue.path)}: expected ${issue.expected}, got ${issue.got}`
}
