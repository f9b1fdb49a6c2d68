import { readFileSync } from 'node:fs'
import type { Key } from 'ink'
import { describe, expect, it } from 'vitest'
import { actionFor, BINDINGS, bindingsFor, footerFor, splitInput, type ViewName } from './keys.ts'

const none = (over: Partial<Key> = {}) =>
  ({
    upArrow: false,
    downArrow: false,
    return: false,
    escape: false,
    ctrl: false,
    meta: false,
    tab: false,
    shift: false,
    ...over,
  }) as Key

describe('actionFor', () => {
  it('maps keys per view', () => {
    expect(actionFor('list', 'j', none())).toBe('down')
    expect(actionFor('list', '', none({ downArrow: true }))).toBe('down')
    expect(actionFor('list', 's', none())).toBe('spiders')
    expect(actionFor('list', 'f', none())).toBe('spiderFilter')
    expect(actionFor('list', 'o', none())).toBe('outcome')
    expect(actionFor('overview', 'o', none())).toBe('tabOverview')
    expect(actionFor('list', 't', none())).toBe('timeRange')
    expect(actionFor('list', 'S', none({ shift: true }))).toBe('sort')
    expect(actionFor('spiders', '', none({ return: true }))).toBe('open')
    expect(actionFor('stats', 's', none())).toBe('tabStats')
    expect(actionFor('list', '', none({ return: true }))).toBe('open')
    expect(actionFor('stats', '', none({ return: true }))).toBe('toggleGroup')
    expect(actionFor('overview', '', none({ escape: true }))).toBe('back')
    expect(actionFor('list', 'c', none({ ctrl: true }))).toBe('quit')
    expect(actionFor('list', 'x', none())).toBeUndefined()
  })

  it('lists help for every action reachable in a view', () => {
    for (const view of ['list', 'overview', 'stats', 'json'] as const) {
      const actions = new Set(bindingsFor(view).map((b) => b.action))
      expect(actions.has('quit') && actions.has('help')).toBe(true)
    }
    expect(BINDINGS.every((b) => b.help.length > 0)).toBe(true)
  })
})

describe('splitInput', () => {
  it('splits batched characters into key presses', () => {
    const keys = splitInput('jjG\r', none())
    expect(keys.map(([i]) => i)).toEqual(['j', 'j', 'G', ''])
    expect(keys[2]?.[1].shift).toBe(true)
    expect(keys[3]?.[1].return).toBe(true)
  })

  it('leaves single keys and special keys alone', () => {
    expect(splitInput('j', none())).toHaveLength(1)
    expect(splitInput('', none({ upArrow: true }))).toHaveLength(1)
  })
})

describe('footerFor', () => {
  const views: ViewName[] = ['list', 'spiders', 'overview', 'stats', 'json']
  it('keeps ? help and q quit at every width from 80 columns, within the width', () => {
    for (const view of views)
      for (const width of [80, 100, 120, 200]) {
        const f = footerFor(view, width)
        expect(f.length, `${view} at ${width}`).toBeLessThanOrEqual(width)
        expect(f, `${view} at ${width}`).toMatch(/\? help {2}q quit$/)
      }
  })
  it('is made of the footer texts of the bindings, in table order', () => {
    const wide = footerFor('list', 500)
    const texts = bindingsFor('list').flatMap((b) => (b.footer ? [b.footer] : []))
    expect(wide).toBe(texts.join('  '))
    expect(wide).toContain('s spiders')
    expect(wide).toContain('o outcome')
    expect(footerFor('list', 80).length).toBeLessThan(wide.length)
  })
})

describe('the README key table', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const table = readme.slice(readme.indexOf('## Keys'), readme.indexOf('## Commands and flags'))
  const rows = table.split('\n').filter((l) => l.startsWith('| `'))
  it('has a row for every binding: its keys in the key column, its view in the where column', () => {
    const where = (v: string) =>
      v === 'list' || v === 'spiders' || v === 'stats'
        ? [v, 'everywhere']
        : ['detail', 'everywhere', v]
    for (const b of BINDINGS) {
      const keys = b.label.split(' ').map((k) => `\`${k}\``)
      const row = rows.find((r) => {
        const [, key = '', view = ''] = r.split('|').map((c) => c.trim())
        return keys.every((k) => key.includes(k)) && b.views.some((v) => where(v).includes(view))
      })
      expect(row, `${b.label} (${b.action})`).toBeDefined()
    }
  })
})
