import { describe, expect, it } from 'vitest'
import pkg from '../package.json' with { type: 'json' }
import { DEFAULT_USER_AGENT } from './transport.ts'
import { VERSION } from './version.ts'

describe('VERSION', () => {
  it('is the version in package.json (run scripts/sync-versions.mjs after a bump)', () => {
    expect(VERSION).toBe(pkg.version)
  })
  it('is the one in the default User-Agent', () => {
    expect(DEFAULT_USER_AGENT).toBe(`jobmeta-core/${pkg.version}`)
  })
})
