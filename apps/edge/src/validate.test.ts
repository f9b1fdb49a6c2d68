import { describe, expect, it } from 'vitest'
import { BadgeQuery, FieldParam, IdParam, listQuery } from './schemas.ts'
import { checkParam, checkQuery } from './validate.ts'

describe('checkParam', () => {
  it('accepts positive 32-bit ids and refuses the rest with a problem naming the parameter', () => {
    expect(checkParam(IdParam, 'job', '42')).toEqual({ ok: true, value: '42' })
    for (const bad of ['0', '007', '-1', '1.5', 'abc', '', '2147483648', '99999999999']) {
      const r = checkParam(IdParam, 'job', bad)
      expect(r.ok).toBe(false)
      if (!r.ok) {
        expect(r.problem.status).toBe(400)
        expect(r.problem.parameter).toBe('job')
        expect(r.problem.detail).toMatch(/^job /)
      }
    }
  })

  it('refuses field names with dots in a row, slashes or over 64 characters', () => {
    expect(checkParam(FieldParam, 'field', 'close_reason').ok).toBe(true)
    for (const bad of ['..', 'a..b', 'a/b', '', 'x'.repeat(65), '1abc', 'a b']) {
      expect(checkParam(FieldParam, 'field', bad).ok).toBe(false)
    }
  })
})

describe('checkQuery', () => {
  const list = listQuery(100)

  it('collects repeatable and comma-separated values', () => {
    const r = checkQuery(list, '?state=running&state=pending,finished&count=5', ['state'])
    expect(r).toEqual({
      ok: true,
      value: { state: ['running', 'pending', 'finished'], count: '5' },
    })
  })

  it('refuses unknown, repeated and out-of-range parameters', () => {
    const unknown = checkQuery(list, '?apikey=x', ['state'])
    expect(!unknown.ok && unknown.problem.type).toBe('urn:jobmeta:problem:unknown-parameter')
    const twice = checkQuery(list, '?count=1&count=2', ['state'])
    expect(!twice.ok && twice.problem.detail).toContain('more than once')
    const big = checkQuery(list, '?count=101', ['state'])
    expect(!big.ok && big.problem.detail).toContain('at most 100')
    const state = checkQuery(list, '?state=gone', ['state'])
    expect(!state.ok && state.problem.parameter).toBe('state')
    const label = checkQuery(BadgeQuery, `?label=${'x'.repeat(41)}`)
    expect(label.ok).toBe(false)
  })

  it('never echoes more than a short, control-free excerpt of the input', () => {
    const r = checkQuery(list, `?count=${'9'.repeat(5000)}%0d%0a`, ['state'])
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.problem.detail.length).toBeLessThan(200)
      expect(r.problem.detail).not.toMatch(/[\r\n]/)
    }
  })
})
