import { describe, expect, it } from 'vitest'
import { basicAuth, credentialsFromEnv, decodeJobAuth } from './auth.ts'
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
