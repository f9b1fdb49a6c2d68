import { describe, expect, inject, it } from 'vitest'
import { checkJobMetadata, parseJobKey, summarize } from '../../src/index.ts'
import { SPEC_EXAMPLE_TEXT } from '../fixtures.ts'
import { clientSuite } from '../suite.ts'

describe('runtime', () => {
  it('runs inside workerd', () => {
    expect(navigator.userAgent).toBe('Cloudflare-Workers')
  })
  it('pure parts work here too', () => {
    const r = checkJobMetadata(JSON.parse(SPEC_EXAMPLE_TEXT))
    expect(r.success).toBe(true)
    if (r.success) expect(summarize(r.data, 0).outcome).toBe('ok')
    expect(parseJobKey('https://app.zyte.com/p/1/2/3').key).toBe('1/2/3')
  })
})

clientSuite(() => inject('emulatorUrl'))
