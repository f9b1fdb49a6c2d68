/** The Scrapy stats tree as lines: groups by prefix (collapsible), values in human units, a filter. */
import { formatBytes, formatDuration, formatNumber, type StatGroup } from '@jobmeta/core'
import { formatTimestamp } from './detail-lines.ts'
import type { Line } from './lines.ts'

/** A stat value in human units: bytes, durations, timestamps, counts. */
export function humanStat(name: string, value: number | string): string {
  if (typeof value !== 'number') return value
  if (/bytes|memusage\/(max|startup)|memory/.test(name)) return formatBytes(value)
  if (name.endsWith('elapsed_time_seconds')) return formatDuration(value * 1000)
  if (/_time$/.test(name) && value > 1e12) return formatTimestamp(value)
  if (Number.isInteger(value)) return formatNumber(value)
  return String(Math.round(value * 1000) / 1000)
}

const counts = new WeakMap<StatGroup, number>()

// Number of stats under a group, memoised per tree node (the tree is rebuilt only when stats change).
function countStats(group: StatGroup): number {
  let n = counts.get(group)
  if (n === undefined) {
    n = group.entries.length
    for (const g of group.groups) n += countStats(g)
    counts.set(group, n)
  }
  return n
}

function label(group: StatGroup, parentPrefix: string): string {
  const own = group.prefix.startsWith(parentPrefix)
    ? group.prefix.slice(parentPrefix.length)
    : group.prefix
  const trimmed = own.replace(/^\/+/, '').replace(/\/+$/, '')
  return `${trimmed}/`
}

function matches(group: StatGroup, filter: string, memo: Map<StatGroup, boolean>): boolean {
  let hit = memo.get(group)
  if (hit === undefined) {
    hit =
      group.entries.some((e) => e.name.toLowerCase().includes(filter)) ||
      group.groups.some((g) => matches(g, filter, memo))
    memo.set(group, hit)
  }
  return hit
}

/**
 * Flattens the tree to lines. Groups in `collapsed` show only their header; with a `filter`,
 * only stats whose full name contains it (case-insensitive) and their groups are shown, expanded.
 */
export function statsLines(root: StatGroup, collapsed: ReadonlySet<string>, filter = ''): Line[] {
  const out: Line[] = []
  const f = filter.trim().toLowerCase()
  const memo = new Map<StatGroup, boolean>()
  const walk = (group: StatGroup, depth: number) => {
    const indent = '  '.repeat(depth)
    const inside = depth > 0 ? { parent: group.prefix } : {}
    const entries = f
      ? group.entries.filter((e) => e.name.toLowerCase().includes(f))
      : group.entries
    const nameWidth = Math.min(40, Math.max(8, ...entries.map((e) => e.leaf.length)))
    for (const e of entries) {
      out.push({
        text: `${indent}  ${e.leaf.padEnd(nameWidth)}  ${humanStat(e.name, e.value)}`,
        copy: String(e.value),
        id: e.name,
        ...inside,
      })
    }
    for (const g of group.groups) {
      if (f && !matches(g, f, memo)) continue
      const open = f !== '' || !collapsed.has(g.prefix)
      out.push({
        text: `${indent}${open ? '▾' : '▸'} ${label(g, group.prefix)} (${countStats(g)})`,
        tone: 'heading',
        group: g.prefix,
        copy: g.prefix,
        id: `group:${g.prefix}`,
        ...inside,
      })
      if (open) walk(g, depth + 1)
    }
  }
  walk(root, 0)
  return out
}
