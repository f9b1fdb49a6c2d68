import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Lru } from './lru.ts'

describe('Lru', () => {
  it('evicts the least recently used entry past maxEntries', () => {
    const c = new Lru<number>(2, 1000)
    c.set('a', 1, 1)
    c.set('b', 2, 1)
    expect(c.get('a')).toBe(1)
    c.set('c', 3, 1)
    expect(c.peek('b')).toBeUndefined()
    expect(c.peek('a')).toBe(1)
    expect(c.peek('c')).toBe(3)
    expect(c.size).toBe(2)
  })

  it('evicts by bytes and refuses an entry larger than the whole budget', () => {
    const c = new Lru<string>(100, 10)
    c.set('a', 'a', 4)
    c.set('b', 'b', 4)
    c.set('c', 'c', 4)
    expect(c.peek('a')).toBeUndefined()
    expect(c.bytes).toBe(8)
    expect(c.set('big', 'x', 11)).toBe(false)
    expect(c.peek('big')).toBeUndefined()
    expect(c.bytes).toBe(8)
  })

  it('replacing a key updates the byte count', () => {
    const c = new Lru<string>(10, 100)
    c.set('a', 'x', 10)
    c.set('a', 'y', 3)
    expect(c.bytes).toBe(3)
    expect(c.get('a')).toBe('y')
    c.delete('a')
    expect(c.bytes).toBe(0)
  })

  it('stores nothing when disabled', () => {
    const c = new Lru<number>(0, 100)
    expect(c.set('a', 1, 1)).toBe(false)
    expect(c.size).toBe(0)
  })

  it('evicts in exactly least-recently-used order under any sequence of reads and writes', () => {
    const op = fc.tuple(
      fc.constantFrom('get', 'set', 'delete'),
      fc.constantFrom('a', 'b', 'c', 'd'),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const c = new Lru<string>(3, 1000)
        let model: string[] = [] // least recent first
        for (const [kind, k] of ops) {
          if (kind === 'get') {
            expect(c.get(k)).toBe(model.includes(k) ? k : undefined)
            if (model.includes(k)) model = [...model.filter((x) => x !== k), k]
          } else if (kind === 'set') {
            c.set(k, k, 1)
            model = [...model.filter((x) => x !== k), k].slice(-3)
          } else {
            c.delete(k)
            model = model.filter((x) => x !== k)
          }
          for (const x of ['a', 'b', 'c', 'd'])
            expect(c.peek(x)).toBe(model.includes(x) ? x : undefined)
        }
      }),
      { numRuns: 500 },
    )
  })
})
