import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SPEC_EXAMPLE_TEXT } from '../test/fixtures.ts'
import {
  checkField,
  checkJobMetadata,
  checkJobQRow,
  checkJobQSummary,
  JobMetadataSchema,
  JobQRowSchema,
  jobMetadataJsonSchema,
} from './schema.ts'

describe('JobMetadataSchema', () => {
  it('accepts the spec example, Python-style floats included, and keeps unknown fields', () => {
    const doc = JSON.parse(SPEC_EXAMPLE_TEXT)
    const r = checkJobMetadata({ ...doc, brand_new_internal: { x: 1 } })
    expect(r.success).toBe(true)
    if (r.success) {
      expect(r.data.state).toBe('finished')
      expect(r.data.scrapystats?.finish_time).toBe(1566311822568)
      expect(r.data.brand_new_internal).toEqual({ x: 1 })
    }
    expect(JobMetadataSchema.safeParse(doc).success).toBe(true)
  })

  it.each([
    [{ state: 'exploded' }, 'state'],
    [{ project: '1' }, 'project'],
    [{ tags: ['a', 1] }, 'tags'],
    [{ scrapystats: { 'a/b': true } }, 'scrapystats'],
    [{ scrapystats: { 'a/b': null } }, 'scrapystats'],
    [{ pending_time: 'yesterday' }, 'pending_time'],
    [{ spider_args: { a: 1 } }, 'spider_args'],
  ])('rejects %j with an issue on %s', (doc, path) => {
    const r = checkJobMetadata(doc)
    expect(r.success).toBe(false)
    if (!r.success) expect(r.error.issues[0]?.path[0]).toBe(path)
  })

  it('rejects non-objects', () => {
    for (const v of [null, 1, 'x', [], [{}]]) expect(checkJobMetadata(v).success).toBe(false)
  })

  it('fast path and zod agree on random documents', () => {
    const val = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.double(), fc.boolean()), { maxKeys: 3 }),
      fc.constantFrom('pending', 'running', 'finished', 'deleted'),
    )
    const keys = fc.constantFrom(
      'state',
      'project',
      'tags',
      'scrapystats',
      'spider_args',
      'units',
      'pending_time',
      'x',
      'stop_requested',
      'job_settings',
    )
    fc.assert(
      fc.property(fc.dictionary(keys, val), (doc) => {
        expect(checkJobMetadata(doc).success).toBe(JobMetadataSchema.safeParse(doc).success)
      }),
      { numRuns: 400 },
    )
  })

  it('exports a JSON schema of the metadata object', () => {
    const s = jobMetadataJsonSchema() as { properties: Record<string, { enum?: string[] }> }
    expect(s.properties.state?.enum).toEqual(['pending', 'running', 'finished', 'deleted'])
    expect(s.properties.scrapystats).toBeDefined()
  })
})

describe('JobQ rows and summaries', () => {
  const row = {
    key: '1/2/3',
    state: 'pending',
    elapsed: 5178,
    spider: 's',
    ts: 1477663440413,
    pending_time: 1477663440413,
  }
  it('accepts wire rows, with and without spider', () => {
    expect(checkJobQRow(row).success).toBe(true)
    expect(
      checkJobQRow({ key: '1/2/3', state: 'finished', elapsed: 1, ts: 2, custom: 1 }).success,
    ).toBe(true)
  })
  it('rejects rows missing key or with a bad state', () => {
    expect(checkJobQRow({ ...row, key: undefined }).success).toBe(false)
    expect(checkJobQRow({ ...row, state: 'nope' }).success).toBe(false)
    expect(JobQRowSchema.safeParse({ ...row, tags: 'x' }).success).toBe(false)
  })
  it('summaries', () => {
    expect(checkJobQSummary({ name: 'pending', count: 1, summary: [row] }).success).toBe(true)
    expect(checkJobQSummary({ name: 'deleted', count: 1, summary: [] }).success).toBe(false)
    expect(checkJobQSummary({ name: 'running', count: -1, summary: [] }).success).toBe(false)
  })
})

describe('checkField', () => {
  it('validates known fields and passes unknown ones', () => {
    expect(checkField('state', 'running').success).toBe(true)
    expect(checkField('state', 3).success).toBe(false)
    expect(checkField('tags', ['a']).success).toBe(true)
    expect(checkField('whatever', { any: 'thing' }).success).toBe(true)
    expect(checkField('__proto__', 1).success).toBe(true)
  })
})
