import { secretForms } from '@jobmeta/core'
import { describe, expect, it } from 'vitest'
import { containsSecret, scrub } from './secrets.ts'

const KEY = '0123456789abcdef0123456789abcdef'

describe('secrets', () => {
  it('removes every form from text', () => {
    const forms = secretForms(KEY)
    const text = `a ${KEY} b Basic ${btoa(`${KEY}:`)} c ${btoa(KEY)}`
    expect(containsSecret(text, forms)).toBe(true)
    const out = scrub(text, forms)
    expect(containsSecret(out, forms)).toBe(false)
    expect(out).toBe('a [redacted] b Basic [redacted] c [redacted]')
    expect(scrub('clean', forms)).toBe('clean')
  })
})
