import type { ScrapyStats } from './schema.ts'

/** One stat inside a group: full name, last path segment and value. */
export interface StatEntry {
  name: string
  leaf: string
  value: number | string
}

/** Stats grouped by their '/'-separated prefixes; the root group has prefix ''. */
export interface StatGroup {
  prefix: string
  entries: StatEntry[]
  groups: StatGroup[]
}

const collator = new Intl.Collator('en', { numeric: true })

/** Group scrapystats into a tree by name prefix ('downloader/response_status_count/200' -> downloader > response_status_count > 200). */
export function groupStats(stats: ScrapyStats): StatGroup {
  const root: StatGroup = { prefix: '', entries: [], groups: [] }
  const index = new Map<string, StatGroup>([['', root]])
  const groupFor = (prefix: string): StatGroup => {
    const found = index.get(prefix)
    if (found) return found
    const cut = prefix.lastIndexOf('/')
    const parent = groupFor(cut < 0 ? '' : prefix.slice(0, cut))
    const g: StatGroup = { prefix, entries: [], groups: [] }
    parent.groups.push(g)
    index.set(prefix, g)
    return g
  }
  for (const name of Object.keys(stats)) {
    const value = stats[name]
    if (typeof value !== 'number' && typeof value !== 'string') continue
    const cut = name.lastIndexOf('/')
    // a name ending in '/' or starting with it keeps the whole name as the leaf
    const usable = cut > 0 && cut < name.length - 1
    const g = groupFor(usable ? name.slice(0, cut) : '')
    g.entries.push({ name, leaf: usable ? name.slice(cut + 1) : name, value })
  }
  const sort = (g: StatGroup): void => {
    g.entries.sort((a, b) => collator.compare(a.leaf, b.leaf))
    g.groups.sort((a, b) => collator.compare(a.prefix, b.prefix))
    for (const c of g.groups) sort(c)
  }
  sort(root)
  return root
}

/** Number of entries in a group and all its subgroups. */
export function countStats(group: StatGroup): number {
  let n = group.entries.length
  for (const g of group.groups) n += countStats(g)
  return n
}
