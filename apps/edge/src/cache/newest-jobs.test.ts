import { describe, expect, it } from 'vitest'
import { NewestJobs } from './newest-jobs.ts'

describe('NewestJobs', () => {
  it('tells a job number above its spider newest known job (or of an unknown spider)', () => {
    const n = new NewestJobs()
    expect(n.isAbove(1, 2, 1)).toBe(true)
    n.note(1, 2, 50)
    n.note(1, 2, 40)
    expect(n.isAbove(1, 2, 50)).toBe(false)
    expect(n.isAbove(1, 2, 3)).toBe(false)
    expect(n.isAbove(1, 2, 51)).toBe(true)
    expect(n.isAbove(1, 3, 3)).toBe(true)
    n.noteKey('1/3/7')
    n.noteKey('not/a/key')
    n.noteKey(42)
    expect(n.isAbove(1, 3, 7)).toBe(false)
    expect(n.size).toBe(2)
  })

  it('remembers a bounded number of spiders, forgetting the least recently raised', () => {
    const n = new NewestJobs(3)
    for (let s = 1; s <= 5; s++) n.note(1, s, 10)
    expect(n.size).toBe(3)
    expect(n.isAbove(1, 1, 5)).toBe(true)
    expect(n.isAbove(1, 5, 5)).toBe(false)
  })
})
