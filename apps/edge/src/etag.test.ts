import { describe, expect, it } from 'vitest'
import { etagOf, ifNoneMatch } from './etag.ts'

describe('etag', () => {
  it('is stable for equal bodies and differs for different ones', () => {
    expect(etagOf('{"a":1}')).toBe(etagOf('{"a":1}'))
    expect(etagOf('{"a":1}')).not.toBe(etagOf('{"a":2}'))
    expect(etagOf('x')).toMatch(/^"[0-9a-z]+-[0-9a-z]+"$/)
  })

  it('matches If-None-Match lists, weak forms and *', () => {
    const e = etagOf('body')
    expect(ifNoneMatch(e, e)).toBe(true)
    expect(ifNoneMatch(`"nope", W/${e}`, e)).toBe(true)
    expect(ifNoneMatch('*', e)).toBe(true)
    expect(ifNoneMatch('"nope"', e)).toBe(false)
    expect(ifNoneMatch(undefined, e)).toBe(false)
  })
})
