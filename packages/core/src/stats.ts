import type { ScrapyStats, StatValue } from './schema.ts'

/** One stat inside a group: full name, last path segment and value. */
export interface StatEntry {
  name: string
  leaf: string
  /** The value; one of another type (a list, an object, a boolean) is given as its JSON text. */
  value: StatValue
  /** Set when the value was not a number, string or null (`value` is then its JSON text). */
  odd?: true
}

/** Stats grouped by their '/'-separated prefixes; the root group has prefix ''. */
export interface StatGroup {
  prefix: string
  entries: StatEntry[]
  groups: StatGroup[]
}

// Made on first use (the first Intl object of a process loads ICU data): see formatNumber.
let collator: Intl.Collator | undefined

/**
 * Group scrapystats into a tree by name prefix ('downloader/response_status_count/200' ->
 * downloader > response_status_count > 200). Every stat is kept, values of other types included.
 */
export function groupStats(stats: ScrapyStats | Readonly<Record<string, unknown>>): StatGroup {
  const root: StatGroup = { prefix: '', entries: [], groups: [] }
  const index = new Map<string, StatGroup>([['', root]])
  // iterative, like sort and countStats below: a stat name with thousands of '/' must not
  // overflow the stack
  const groupFor = (prefix: string): StatGroup => {
    const missing: string[] = []
    let p = prefix
    let parent = index.get(p)
    while (!parent) {
      missing.push(p)
      const cut = p.lastIndexOf('/')
      p = cut < 0 ? '' : p.slice(0, cut)
      parent = index.get(p)
    }
    for (let i = missing.length - 1; i >= 0; i--) {
      const g: StatGroup = { prefix: missing[i]!, entries: [], groups: [] }
      parent.groups.push(g)
      index.set(g.prefix, g)
      parent = g
    }
    return parent
  }
  for (const name of Object.keys(stats)) {
    const raw = stats[name]
    const cut = name.lastIndexOf('/')
    // a name ending in '/' or starting with it keeps the whole name as the leaf
    const usable = cut > 0 && cut < name.length - 1
    const g = groupFor(usable ? name.slice(0, cut) : '')
    const entry: StatEntry = { name, leaf: usable ? name.slice(cut + 1) : name, value: null }
    if (
      typeof raw === 'string' ||
      raw === null ||
      (typeof raw === 'number' && Number.isFinite(raw))
    )
      entry.value = raw
    else {
      entry.value = jsonText(raw)
      entry.odd = true
    }
    g.entries.push(entry)
  }
  collator ??= new Intl.Collator('en', { numeric: true })
  const { compare } = collator
  for (const g of index.values()) {
    g.entries.sort((a, b) => compare(a.leaf, b.leaf))
    g.groups.sort((a, b) => compare(a.prefix, b.prefix))
  }
  return root
}

/** Number of entries in a group and all its subgroups. */
export function countStats(group: StatGroup): number {
  let n = 0
  const stack = [group]
  for (let g = stack.pop(); g; g = stack.pop()) {
    n += g.entries.length
    for (const c of g.groups) stack.push(c)
  }
  return n
}

/**
 * Every group of a tree, parents before their children, in the tree's order (iterative, like
 * countStats: a tree thousands of groups deep is safe).
 */
export function statGroupsInOrder(root: StatGroup): StatGroup[] {
  const out: StatGroup[] = []
  const stack = [root]
  for (let g = stack.pop(); g; g = stack.pop()) {
    out.push(g)
    for (let i = g.groups.length - 1; i >= 0; i--) stack.push(g.groups[i]!)
  }
  return out
}

/** JSON text of a value; what JSON cannot carry (Infinity, BigInt, cycles, very deep nesting) as String. */
function jsonText(v: unknown): string {
  if (typeof v === 'number') return String(v)
  try {
    return JSON.stringify(v) ?? String(v)
  } catch {
    return String(v)
  }
}
