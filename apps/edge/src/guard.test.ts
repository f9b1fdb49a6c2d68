import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { pathProblem, rawPathAndQuery } from './guard.ts'

describe('rawPathAndQuery', () => {
  it('splits path and query without decoding, and drops the fragment', () => {
    expect(rawPathAndQuery('http://h/jobs/1/2/3')).toEqual(['/jobs/1/2/3', ''])
    expect(rawPathAndQuery('http://h:8/a%2Fb?x=%20&y#frag')).toEqual(['/a%2Fb', '?x=%20&y'])
    expect(rawPathAndQuery('http://h/a#f?not-a-query')).toEqual(['/a', ''])
    expect(rawPathAndQuery('http://h')).toEqual(['/', ''])
  })
})

describe('pathProblem', () => {
  it('accepts plain paths, including dots inside segments', () => {
    for (const p of [
      '/',
      '/jobs/1/2/3',
      '/jobs/1/2/3/badge.svg',
      '/a/.b',
      '/a/b.',
      '/...',
      '/a/..b',
      '/~x_y-z',
    ])
      expect(pathProblem(p)).toBeUndefined()
  })

  it('refuses other characters, empty segments and dot segments, in that order', () => {
    expect(pathProblem('/a%2e')).toMatch(/may only contain/)
    expect(pathProblem('/a//b')).toMatch(/empty segment/)
    expect(pathProblem('/a//./b')).toMatch(/empty segment/)
    for (const p of ['/.', '/..', '/a/.', '/a/..', '/./a', '/a/../b', '/jobs/1/2/3/..'])
      expect(pathProblem(p)).toMatch(/dot segment/)
  })
})

describe('pathProblem dot segments', () => {
  it('flags exactly the paths with a "." or ".." segment', () => {
    const path = fc
      .array(fc.constantFrom('/', '.', 'a'), { maxLength: 12 })
      .map((cs) => `/${cs.join('')}`)
    fc.assert(
      fc.property(path, (p) => {
        fc.pre(!p.includes('//'))
        const dotted = p.split('/').some((seg) => seg === '.' || seg === '..')
        expect(pathProblem(p) === 'the path contains a dot segment').toBe(dotted)
      }),
      { numRuns: 2000 },
    )
  })
})
