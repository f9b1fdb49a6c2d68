import { describe, expect, it } from 'vitest'
import {
  allowedOrigin,
  applyCors,
  applyPreflight,
  applySecureHeaders,
  envelopeHeaders,
} from './headers.ts'

describe('secure headers', () => {
  it('sets nosniff, a locked-down CSP and cross-origin resource policy', () => {
    const h = new Headers()
    applySecureHeaders(h)
    expect(h.get('x-content-type-options')).toBe('nosniff')
    expect(h.get('content-security-policy')).toContain("default-src 'none'")
    expect(h.get('cross-origin-resource-policy')).toBe('cross-origin')
    expect(h.get('referrer-policy')).toBe('no-referrer')
  })
})

describe('cors', () => {
  it('allows any origin with *', () => {
    const h = new Headers()
    applyCors(h, 'https://a.example', '*')
    expect(h.get('access-control-allow-origin')).toBe('*')
    expect(h.get('access-control-expose-headers')).toContain('X-Cache')
    expect(h.get('vary')).toBeNull()
  })

  it('echoes only listed origins and varies on Origin', () => {
    const list = ['https://a.example']
    expect(allowedOrigin('https://a.example', list)).toBe('https://a.example')
    expect(allowedOrigin('https://evil.example', list)).toBeUndefined()
    const h = new Headers()
    applyCors(h, 'https://evil.example', list)
    expect(h.get('access-control-allow-origin')).toBeNull()
    expect(h.get('vary')).toBe('Origin')
  })

  it('preflights GET and HEAD only, never credentials', () => {
    const h = new Headers()
    applyPreflight(h, 'https://a.example', '*')
    expect(h.get('access-control-allow-methods')).toBe('GET, HEAD')
    expect(h.get('access-control-allow-credentials')).toBeNull()
  })
})

describe('envelopeHeaders', () => {
  it('carries the secure headers and the same CORS answer as applyCors, for * and for a list', () => {
    const list = ['https://a.example']
    for (const [origin, allowed] of [
      ['https://a.example', '*'],
      [undefined, '*'],
      ['https://a.example', list],
      ['https://evil.example', list],
      [undefined, list],
    ] as const) {
      const expected = new Headers()
      applySecureHeaders(expected)
      applyCors(expected, origin, allowed)
      expect(envelopeHeaders(origin, allowed)).toEqual(Object.fromEntries(expected))
    }
    expect(envelopeHeaders('https://x.example', list)).toBe(
      envelopeHeaders('https://y.example', list),
    )
  })
})
