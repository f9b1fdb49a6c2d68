import type { Key } from 'ink'
import { describe, expect, it } from 'vitest'
import { actionFor, BINDINGS, bindingsFor, splitInput } from './keys.ts'

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
    expect(actionFor('list', 's', none())).toBe('spiderFilter')
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
