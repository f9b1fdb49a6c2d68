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

  it('refuses other characters, then empty segments', () => {
    expect(pathProblem('/a%2e')).toMatch(/may only contain/)
    expect(pathProblem('/a\\b')).toMatch(/may only contain/)
    expect(pathProblem('/a//b')).toMatch(/empty segment/)
    expect(pathProblem('/a//./b')).toMatch(/empty segment/)
  })
})

describe('what the guard sees of dot segments', () => {
  it('never sees one: the URL parser every entry uses has resolved them already', () => {
    for (const [sent, seen] of [
      ['/jobs/1/2/3/..', '/jobs/1/2/'],
      ['/jobs/1/2/3/../4', '/jobs/1/2/4'],
      ['/jobs/./1', '/jobs/1'],
      ['/jobs/1/2/3/%2e%2e', '/jobs/1/2/'],
      ['/jobs/1/2/3/.%2E/4', '/jobs/1/2/4'],
    ] as const) {
      const [path] = rawPathAndQuery(new Request(`http://h${sent}`).url)
      expect(path).toBe(seen)
      expect(pathProblem(path)).toBeUndefined()
    }
  })
})
