import { describe, expect, inject, it } from 'vitest'
import { checkJobMetadata, loadSchemas, parseJobKey, summarize } from '../../src/index.ts'
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
  // Before the client suite, whose odd answers need zod: the pool serves each of zod's modules to
  // workerd on its first import, which takes seconds on a loaded machine (a deployed worker has
  // them in its bundle).
  it('loads the zod schemas on demand', { timeout: 60_000 }, async () => {
    const schemas = await loadSchemas()
    expect(schemas.JobMetadataSchema.safeParse({ tags: 'x' }).success).toBe(false)
    expect(await loadSchemas()).toBe(schemas)
  })
})

clientSuite(() => inject('emulatorUrl'))
