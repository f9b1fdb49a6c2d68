import { describe, expect, it } from 'vitest'
import { PROBLEM_TYPE, problem, problemResponse } from './problem.ts'

describe('problem', () => {
  it('builds documents with type, title, status and detail', () => {
    const p = problem('invalid-parameter', 'project must be a positive integer')
    expect(p).toEqual({
      type: 'urn:jobmeta:problem:invalid-parameter',
      title: 'Invalid parameter',
      status: 400,
      detail: 'project must be a positive integer',
    })
  })

  it('answers with the problem media type and no-store', async () => {
    const r = problemResponse(problem('upstream-timeout', 'x'))
    expect(r.status).toBe(504)
    expect(r.headers.get('content-type')).toBe(PROBLEM_TYPE)
    expect(r.headers.get('cache-control')).toBe('no-store')
    expect(await r.json()).toMatchObject({ status: 504 })
  })
})
