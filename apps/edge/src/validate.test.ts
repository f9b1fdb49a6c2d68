import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BadgeQuery, FieldParam, IdParam, JobQuery, listQuery } from './schemas.ts'
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
    expect(!unknown.ok && unknown.problem).toEqual({
      type: 'urn:jobmeta:problem:unknown-parameter',
      title: 'Unknown query parameter',
      status: 400,
      detail: 'unknown query parameter; accepted: state, spider, tag, count',
    })
    const none = checkQuery(JobQuery, '?x=1')
    expect(!none.ok && none.problem.detail).toBe('this endpoint accepts no query parameters')
    const twice = checkQuery(list, '?count=1&count=2', ['state'])
    expect(!twice.ok && twice.problem.detail).toContain('more than once')
    const big = checkQuery(list, '?count=101', ['state'])
    expect(!big.ok && big.problem.detail).toContain('at most 100')
    const state = checkQuery(list, '?state=gone', ['state'])
    expect(!state.ok && state.problem.parameter).toBe('state')
    const label = checkQuery(BadgeQuery, `?label=${'x'.repeat(41)}`)
    expect(label.ok).toBe(false)
  })

  it('refuses prototype keys as unknown parameters', () => {
    for (const q of [
      '?__proto__=x',
      '?__proto__[a]=1',
      '?constructor=x',
      '?toString=x',
      '?hasOwnProperty=1',
      '?label=a&__proto__=b',
    ]) {
      for (const schema of [JobQuery, BadgeQuery, list]) {
        const r = checkQuery(schema, q, ['state'])
        expect(r.ok, q).toBe(false)
        if (!r.ok) expect(r.problem.type, q).toBe('urn:jobmeta:problem:unknown-parameter')
      }
    }
  })

  it('never echoes a name or a value sent by the client', () => {
    const text = fc.stringMatching(/^~[A-Za-z0-9_\u202e\u0000-]{7,29}$/) // "~" is in no problem text
    const names = fc.oneof(fc.constantFrom('state', 'spider', 'tag', 'count', 'label'), text)
    fc.assert(
      fc.property(
        fc.array(fc.tuple(names, fc.oneof(text, fc.constant('9'.repeat(20)))), {
          minLength: 1,
          maxLength: 3,
        }),
        (pairs) => {
          const search = `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`
          for (const schema of [JobQuery, BadgeQuery, list]) {
            const r = checkQuery(schema, search, ['state'])
            if (r.ok) continue
            const doc = JSON.stringify(r.problem)
            for (const [k, v] of pairs) {
              expect(doc).not.toContain(v)
              if (k.length >= 8) expect(doc).not.toContain(k)
            }
            expect(doc).not.toMatch(/[\u0000\u202e]/)
          }
        },
      ),
      { numRuns: 2000 },
    )
    const bad = checkParam(IdParam, 'job', '12345678901')
    expect(!bad.ok && JSON.stringify(bad.problem)).not.toContain('12345678901')
  })
})
