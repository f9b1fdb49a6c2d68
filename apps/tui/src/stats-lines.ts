/** The Scrapy stats tree as lines: groups by prefix (collapsible), values in human units, a filter. */
import {
  formatBytes,
  formatDuration,
  formatNumber,
  formatTimestamp,
  type StatEntry,
  type StatGroup,
  type StatValue,
  statGroupsInOrder,
} from '@jobmeta/core'
import { type Line, ODD_MARK } from './lines.ts'
import { safeText } from './text.ts'
import { padMeasured, textWidth } from './text-width.ts'

/** A stat value in human units: bytes, durations, timestamps, counts (text sanitised). */
export function humanStat(name: string, value: StatValue): string {
  if (value === null) return 'null'
  if (typeof value !== 'number') return safeText(value)
  if (/bytes|memusage\/(max|startup)|memory/.test(name)) return formatBytes(value)
  if (name.endsWith('elapsed_time_seconds')) return formatDuration(value * 1000)
  if (/_time$/.test(name) && value > 1e12) return formatTimestamp(value)
  if (Number.isInteger(value)) return formatNumber(value)
  return String(Math.round(value * 1000) / 1000)
}

/** A per-group figure computed children first, e.g. "stats below" or "matches the filter". */
function bottomUp<T>(
  root: StatGroup,
  own: (g: StatGroup) => T,
  add: (a: T, b: T) => T,
): Map<StatGroup, T> {
  const groups = statGroupsInOrder(root)
  const value = new Map<StatGroup, T>()
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i] as StatGroup
    let v = own(g)
    for (const c of g.groups) v = add(v, value.get(c) as T)
    value.set(g, v)
  }
  return value
}

// Stats below each group, computed once per tree (the tree is rebuilt only when stats change).
const countsByTree = new WeakMap<StatGroup, Map<StatGroup, number>>()
function countsOf(root: StatGroup): Map<StatGroup, number> {
  let counts = countsByTree.get(root)
  if (!counts) {
    counts = bottomUp(
      root,
      (g) => g.entries.length,
      (a, b) => a + b,
    )
    countsByTree.set(root, counts)
  }
  return counts
}

function label(group: StatGroup, parentPrefix: string): string {
  const own = group.prefix.startsWith(parentPrefix)
    ? group.prefix.slice(parentPrefix.length)
    : group.prefix
  const trimmed = own.replace(/^\/+/, '').replace(/\/+$/, '')
  return `${safeText(trimmed)}/`
}

/** What a stat's line needs that does not change with folding or filtering. */
interface EntryText {
  /** The leaf name, sanitised, and its width in columns. */
  leaf: string
  leafWidth: number
  /** The value as shown. */
  value: string
  /** The full name in lower case, for the filter. */
  lowerName: string
}

// Formatted once per entry (the tree is rebuilt only when stats change): folding or filtering
// 5,000 stats then only joins strings.
const entryTexts = new WeakMap<StatEntry, EntryText>()
function entryText(e: StatEntry): EntryText {
  let t = entryTexts.get(e)
  if (!t) {
    const leaf = safeText(e.leaf)
    t = {
      leaf,
      leafWidth: textWidth(leaf),
      value: e.odd
        ? `${safeText(String(e.value))}  ${ODD_MARK} expected number, string or null`
        : humanStat(e.name, e.value),
      lowerName: e.name.toLowerCase(),
    }
    entryTexts.set(e, t)
  }
  return t
}

type Task = { kind: 'body' | 'header'; group: StatGroup; depth: number; parent: string }

/**
 * Flattens the tree to lines. Groups in `collapsed` show only their header; with a `filter`,
 * only stats whose full name contains it (case-insensitive) and their groups are shown, expanded.
 */
export function statsLines(root: StatGroup, collapsed: ReadonlySet<string>, filter = ''): Line[] {
  const out: Line[] = []
  const f = filter.trim().toLowerCase()
  const counts = countsOf(root)
  const hit = f
    ? bottomUp(
        root,
        (g) => g.entries.some((e) => entryText(e).lowerName.includes(f)),
        (a, b) => a || b,
      )
    : undefined
  const stack: Task[] = [{ kind: 'body', group: root, depth: 0, parent: '' }]
  for (let task = stack.pop(); task; task = stack.pop()) {
    const { group, depth } = task
    const indent = '  '.repeat(depth)
    if (task.kind === 'header') {
      // `depth` is the header's own depth; its body goes one level deeper
      const open = f !== '' || !collapsed.has(group.prefix)
      out.push({
        text: `${indent}${open ? '▾' : '▸'} ${label(group, task.parent)} (${counts.get(group) ?? 0})`,
        tone: 'heading',
        group: group.prefix,
        copy: group.prefix,
        id: `group:${group.prefix}`,
        ...(depth > 0 ? { parent: task.parent } : {}),
      })
      if (open) stack.push({ kind: 'body', group, depth: depth + 1, parent: group.prefix })
      continue
    }
    const inside = depth > 0 ? { parent: group.prefix } : {}
    const entries = f
      ? group.entries.filter((e) => entryText(e).lowerName.includes(f))
      : group.entries
    let nameWidth = 8
    for (const e of entries) nameWidth = Math.max(nameWidth, entryText(e).leafWidth)
    nameWidth = Math.min(40, nameWidth)
    for (const e of entries) {
      const t = entryText(e)
      out.push({
        text: `${indent}  ${padMeasured(t.leaf, t.leafWidth, nameWidth)}  ${t.value}`,
        copy: String(e.value),
        id: e.name,
        ...(e.odd ? { tone: 'warn' as const } : {}),
        ...inside,
      })
    }
    for (let i = group.groups.length - 1; i >= 0; i--) {
      const g = group.groups[i] as StatGroup
      if (hit && !hit.get(g)) continue
      stack.push({ kind: 'header', group: g, depth, parent: group.prefix })
    }
  }
  return out
}

/** Every group prefix of the tree, parents first (core's iterative walk: any depth is safe). */
export function groupPrefixes(root: StatGroup): string[] {
  return statGroupsInOrder(root)
    .slice(1)
    .map((g) => g.prefix)
}
