import { describe, expect, it } from 'vitest'
import { FailureMemory } from './failure-memory.ts'

function memory(maxKeys?: number) {
  const logs: string[] = []
  const m = new FailureMemory({
    backoffSeconds: 5,
    backoffMaxSeconds: 300,
    probeMaxMs: 10_000,
    log: (l) => logs.push(l),
    ...(maxKeys === undefined ? {} : { maxKeys }),
  })
  return { m, logs }
}

const wide = { label: '503', wide: true }

describe('FailureMemory', () => {
  it('blocks nothing until a failure, then the key and (for a wide failure) its upstream until the window ends', () => {
    const { m } = memory()
    expect(m.blocked('a', 'storage', 0)).toBeUndefined()
    m.failed('a', 'storage', { ...wide, retryAfter: 10 }, 0)
    expect(m.blocked('a', 'storage', 0)).toBe(10)
    expect(m.blocked('b', 'storage', 2_500)).toBe(8)
    expect(m.blocked('b', 'jobq', 2_500)).toBeUndefined()
    expect(m.upstreamOpen('storage', 9_999)).toBe(true)
    expect(m.blocked('a', 'storage', 10_000)).toBeUndefined()
  })

  it('lets one probe per upstream through after the window; a probe that never settles stops blocking after probeMaxMs', () => {
    const { m } = memory()
    m.failed('a', 'storage', wide, 0)
    m.starting('storage', 5_000)
    expect(m.blocked('b', 'storage', 5_001)).toBe(1)
    expect(m.blocked('b', 'storage', 15_000)).toBeUndefined()
    m.abandoned('storage')
    expect(m.blocked('b', 'storage', 5_002)).toBeUndefined()
  })

  it('logs one line for failures of loads that started before the window opened', () => {
    const { m, logs } = memory()
    for (const k of ['a', 'b', 'c']) m.failed(k, 'storage', wide, 0)
    expect(logs.filter((l) => l.startsWith('upstream storage: open'))).toHaveLength(1)
    expect(logs.filter((l) => l.startsWith('key '))).toHaveLength(3)
  })

  it('counts what was answered while open and reports it when closing', () => {
    const { m, logs } = memory()
    m.failed('a', 'storage', wide, 0)
    m.answered('a', 'storage', 'stale')
    m.answered('a', 'storage', 'stale')
    m.answered('b', 'storage', 'refused')
    m.succeeded('a', 'storage', 6_000)
    expect(logs.slice(-2)).toEqual([
      'key a: closed after 6 s and 1 failure(s) in a row (last 503); in the last window 2 answered stale, 0 refused',
      'upstream storage: closed after 6 s and 1 failure(s) in a row (last 503); in the last window 2 answered stale, 1 refused',
    ])
    expect(m.blocked('b', 'storage', 6_000)).toBeUndefined()
  })

  it('closes an ended upstream window when upstream answers a key with its own error (it is reachable)', () => {
    const { m, logs } = memory()
    m.failed('a', 'storage', wide, 0)
    m.failed('b', 'storage', { label: '500', wide: false }, 5_000)
    expect(logs.at(-1)).toMatch(/^upstream storage: closed/)
    expect(m.blocked('c', 'storage', 5_000)).toBeUndefined()
    expect(m.blocked('b', 'storage', 5_000)).toBe(5)
  })

  it('remembers a bounded number of keys', () => {
    const { m } = memory(100)
    for (let i = 0; i < 1000; i++) m.failed(`k${i}`, 'storage', { label: '500', wide: false }, 0)
    expect(m.keys).toBe(100)
    expect(m.blocked('k999', 'storage', 0)).toBe(5)
    expect(m.blocked('k0', 'storage', 0)).toBeUndefined()
  })
})
