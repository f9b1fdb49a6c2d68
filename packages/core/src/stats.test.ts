import { describe, expect, it } from 'vitest'
import { SPEC_EXAMPLE_TEXT } from '../test/fixtures.ts'
import type { ScrapyStats } from './schema.ts'
import { countStats, groupStats, statGroupsInOrder } from './stats.ts'

const stats = JSON.parse(SPEC_EXAMPLE_TEXT).scrapystats as ScrapyStats

describe('groupStats', () => {
  it('builds a tree by prefix and keeps every stat exactly once', () => {
    const root = groupStats(stats)
    expect(countStats(root)).toBe(Object.keys(stats).length)
    expect(root.entries.map((e) => e.leaf)).toContain('elapsed_time_seconds')
    const downloader = root.groups.find((g) => g.prefix === 'downloader')!
    const status = downloader.groups.find((g) => g.prefix === 'downloader/response_status_count')!
    expect(status.entries).toEqual([
      { name: 'downloader/response_status_count/200', leaf: '200', value: 1 },
      { name: 'downloader/response_status_count/404', leaf: '404', value: 1 },
    ])
  })
  it('keeps null stats and gives values of other types as JSON text, marked odd', () => {
    const root = groupStats({ 'a/n': null, 'a/l': [1, 2], 'a/o': { b: 1 }, 'a/t': true, 'a/x': 1 })
    expect(root.groups[0]!.entries).toEqual([
      { name: 'a/l', leaf: 'l', value: '[1,2]', odd: true },
      { name: 'a/n', leaf: 'n', value: null },
      { name: 'a/o', leaf: 'o', value: '{"b":1}', odd: true },
      { name: 'a/t', leaf: 't', value: 'true', odd: true },
      { name: 'a/x', leaf: 'x', value: 1 },
    ])
  })
  it('lets a name be both a leaf and a prefix', () => {
    const root = groupStats({ 'scheduler/dequeued': 2, 'scheduler/dequeued/disk': 1 })
    const sched = root.groups[0]!
    expect(sched.entries).toEqual([{ name: 'scheduler/dequeued', leaf: 'dequeued', value: 2 }])
    expect(sched.groups[0]!.entries[0]!.leaf).toBe('disk')
  })
  it('sorts numerically and handles odd names', () => {
    const root = groupStats({ 'a/10': 1, 'a/9': 1, '/x': 1, 'y/': 2 })
    expect(root.groups[0]!.entries.map((e) => e.leaf)).toEqual(['9', '10'])
    expect(root.entries.map((e) => e.leaf).sort()).toEqual(['/x', 'y/'])
  })
})

describe('deep and wide stat names', () => {
  it('a name with 20,000 "/" or 20,000 siblings does not overflow the stack', () => {
    const deep = `${'a/'.repeat(20_000)}leaf`
    let g = groupStats({ [deep]: 1, 'a/b': 2 })
    expect(countStats(g)).toBe(2)
    let depth = 0
    while (g.groups.length > 0) {
      g = g.groups[0]!
      depth++
    }
    expect(depth).toBe(20_000)
    expect(g.entries).toEqual([{ name: deep, leaf: 'leaf', value: 1 }])
    const wide: ScrapyStats = {}
    for (let i = 0; i < 20_000; i++) wide[`w/${i}/n`] = i
    const root = groupStats(wide)
    expect(root.groups[0]!.groups).toHaveLength(20_000)
    expect(countStats(root)).toBe(20_000)
  })
})

describe('statGroupsInOrder', () => {
  it('lists every group, parents before children, in the tree order', () => {
    const root = groupStats({ 'b/x': 1, 'a/y/z': 2, 'a/w': 3, top: 4 })
    expect(statGroupsInOrder(root).map((g) => g.prefix)).toEqual(['', 'a', 'a/y', 'b'])
  })

  it('walks a tree 20,000 groups deep', () => {
    const groups = statGroupsInOrder(groupStats({ [`${'a/'.repeat(20_000)}leaf`]: 1 }))
    expect(groups).toHaveLength(20_001)
    expect(groups.at(-1)!.entries[0]!.leaf).toBe('leaf')
  })
})
