import { describe, expect, it } from 'vitest'
import { basicAuth, credentialsFromEnv, decodeJobAuth, secretForms } from './auth.ts'
import { JobmetaError } from './errors.ts'

const hex = (s: string) =>
  Array.from(new TextEncoder().encode(s), (b) => b.toString(16).padStart(2, '0')).join('')

describe('credentialsFromEnv', () => {
  it('follows SH_APIKEY, SHUB_APIKEY, SHUB_JOBAUTH order and ignores blanks', () => {
    expect(credentialsFromEnv({ SH_APIKEY: 'a', SHUB_APIKEY: 'b', SHUB_JOBAUTH: 'c' })).toEqual({
      apikey: 'a',
    })
    expect(credentialsFromEnv({ SH_APIKEY: ' ', SHUB_APIKEY: 'b' })).toEqual({ apikey: 'b' })
    expect(credentialsFromEnv({ SHUB_JOBAUTH: 'c' })).toEqual({ jobAuth: 'c' })
    expect(credentialsFromEnv({})).toBeUndefined()
  })
})

describe('decodeJobAuth', () => {
  it('decodes hex SHUB_JOBAUTH and plain tokens', () => {
    expect(decodeJobAuth(hex('1/2/3:eyJ.jwt.x'))).toEqual({ user: '1/2/3', password: 'eyJ.jwt.x' })
    expect(decodeJobAuth('1/2/3:tok:en')).toEqual({ user: '1/2/3', password: 'tok:en' })
    expect(() => decodeJobAuth('abc')).toThrow(JobmetaError)
    expect(() => decodeJobAuth('abc')).not.toThrow(/abc/)
  })
})

describe('basicAuth', () => {
  it('encodes user:password', () => {
    expect(basicAuth('KEY', '')).toBe(`Basic ${btoa('KEY:')}`)
    expect(basicAuth('1/2/3', 'jwt')).toBe(`Basic ${btoa('1/2/3:jwt')}`)
  })
})

describe('secretForms', () => {
  const KEY = '0123456789abcdef0123456789abcdef'

  it('lists the raw, URL-encoded and base64 forms of an API key, longest first', () => {
    // written out, not derived: this list is what the edge's leak checks look for
    expect(secretForms(KEY).sort()).toEqual(
      [
        KEY,
        'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY6', // base64 of 'KEY:' (Basic auth, no padding needed)
        'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=', // base64 of 'KEY'
        'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY',
      ].sort(),
    )
    const forms = secretForms(KEY)
    for (let i = 1; i < forms.length; i++)
      expect(forms[i - 1]!.length).toBeGreaterThanOrEqual(forms[i]!.length)
  })

  it('URL-encodes, pads and takes a Basic user', () => {
    const forms = secretForms('a b/c+d', '1/2/3')
    expect(forms).toContain('a b/c+d')
    expect(forms).toContain('a%20b%2Fc%2Bd')
    expect(forms).toContain(btoa('1/2/3:a b/c+d'))
    expect(forms).toContain(btoa('a b/c+d').replace(/=+$/, ''))
    expect(forms).toContain(basicAuth('1/2/3', 'a b/c+d').slice('Basic '.length))
    expect(secretForms('abc')).not.toContain('abc')
  })
})
