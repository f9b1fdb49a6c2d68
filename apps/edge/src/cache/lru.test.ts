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
})
