import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SPEC_EXAMPLE_TEXT } from '../test/fixtures.ts'
import { describeValue, formatFieldIssue, formatIssuePath } from './issues.ts'
import {
  checkField,
  checkJobMetadata,
  checkJobQRow,
  checkJobQSummary,
  KNOWN_FIELD_NAMES,
  metadataIssues,
} from './schema.ts'
import * as Schemas from './zod-schemas.ts'
import { JobMetadataSchema, JobQRowSchema, jobMetadataJsonSchema, zodError } from './zod-schemas.ts'

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
    [
      { state: 'exploded' },
      ['state'],
      'one of pending, running, finished, deleted',
      'string "exploded"',
    ],
    [{ project: '1' }, ['project'], 'integer', 'string "1"'],
    [{ project: 1.5 }, ['project'], 'integer', 'number 1.5'],
    [{ project: 2 ** 60 }, ['project'], 'integer', `number ${2 ** 60}`],
    [{ tags: 'nightly' }, ['tags'], 'array of strings', 'string "nightly"'],
    [{ tags: ['a', 1] }, ['tags', 1], 'string', 'number 1'],
    [
      { scrapystats: { 'a/b': true } },
      ['scrapystats', 'a/b'],
      'number, string or null',
      'boolean true',
    ],
    [{ scrapystats: [] }, ['scrapystats'], 'object of numbers, strings or null', 'array of 0'],
    [{ pending_time: 'yesterday' }, ['pending_time'], 'number (epoch ms)', 'string "yesterday"'],
    [{ environment: { A: 1 } }, ['environment', 'A'], 'string', 'number 1'],
    [{ stop_requested: 'yes' }, ['stop_requested'], 'boolean', 'string "yes"'],
  ])('keeps %j as sent and names the value (%j)', (doc, path, expected, got) => {
    const r = checkJobMetadata({ spider: 'kept', ...doc })
    expect(r.success).toBe(false)
    if (r.success) return
    expect(r.fields).toEqual([{ path, expected, got }])
    expect(r.data).toEqual({ spider: 'kept', ...doc })
    expect(r.fatal).toBeUndefined()
    // zod agrees (the client builds its verdict only for a report)
    expect(
      zodError(r.schema(Schemas), { spider: 'kept', ...doc }, r.fields).issues[0]?.path[0],
    ).toBe(path[0])
  })

  it.each([
    [{ scrapystats: { 'a/b': null, c: 1, d: 'x' } }],
    [{ spider_args: { a: 1, b: true, c: [1, { d: null }], e: null } }],
    [{ tags: [] }],
  ])('accepts what Scrapy Cloud stores: %j', (doc) => {
    expect(checkJobMetadata(doc)).toEqual({ success: true, data: doc })
    expect(JobMetadataSchema.safeParse(doc).success).toBe(true)
    expect(metadataIssues(doc)).toEqual([])
  })

  it('names at most ten items of one field, then counts the rest', () => {
    const stats: Record<string, unknown> = {}
    for (let i = 0; i < 50_000; i++) stats[`s/${i}`] = i % 1000 === 0 ? { odd: i } : i
    const issues = metadataIssues({ scrapystats: stats })
    expect(issues).toHaveLength(11)
    expect(issues[0]).toEqual({
      path: ['scrapystats', 's/0'],
      expected: 'number, string or null',
      got: 'object',
    })
    expect(issues[10]).toEqual({
      path: ['scrapystats'],
      expected: 'object of numbers, strings or null',
      got: '40 more items of other types',
    })
  })

  it('formats issues as `jobmeta get` names fields', () => {
    expect(formatIssuePath(['tags', 1])).toBe('tags[1]')
    expect(formatIssuePath(['scrapystats', 'log_count/ERROR'])).toBe('scrapystats.log_count/ERROR')
    expect(formatIssuePath([])).toBe('(document)')
    expect(
      formatFieldIssue({ path: ['tags'], expected: 'array of strings', got: 'string "x"' }),
    ).toBe('tags: expected array of strings, got string "x"')
    expect(describeValue('x'.repeat(100))).toBe(`string "${'x'.repeat(40)}…"`)
    expect(describeValue([1, 2])).toBe('array of 2')
    expect(describeValue(null)).toBe('null')
  })

  it('rejects non-objects as fatal (there is no job to keep)', () => {
    for (const v of [null, 1, 'x', [], [{}]]) {
      const r = checkJobMetadata(v)
      expect(r.success).toBe(false)
      if (!r.success) {
        expect(r.fatal).toBe(true)
        expect(r.data).toBeUndefined()
        expect(r.fields?.[0]?.path).toEqual([])
      }
    }
  })

  it('fast path and zod agree on random documents', () => {
    const val = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.dictionary(
        fc.string(),
        fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null)),
        { maxKeys: 3 },
      ),
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
      'environment',
      'job_cmd',
    )
    fc.assert(
      fc.property(fc.dictionary(keys, val), (doc) => {
        const ours = checkJobMetadata(doc)
        const zods = JobMetadataSchema.safeParse(doc)
        expect(ours.success).toBe(zods.success)
        if (!ours.success && !zods.success) {
          // the same fields are named by both
          const top = (paths: PropertyKey[][]) => [...new Set(paths.map((p) => p[0]))].sort()
          expect(top(ours.fields?.map((f) => f.path) ?? [])).toEqual(
            top(zods.error.issues.map((i) => i.path)),
          )
        }
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
    const odd = checkField('state', 3)
    expect(odd.success).toBe(false)
    if (!odd.success) {
      expect(odd.data).toBe(3)
      expect(odd.fields).toEqual([
        {
          path: ['state'],
          expected: 'one of pending, running, finished, deleted',
          got: 'number 3',
        },
      ])
    }
    expect(checkField('tags', ['a']).success).toBe(true)
    expect(checkField('whatever', { any: 'thing' }).success).toBe(true)
    expect(checkField('__proto__', 1).success).toBe(true)
  })
})

describe('KNOWN_FIELD_NAMES', () => {
  it('names exactly the typed fields of the metadata schema', () => {
    expect([...KNOWN_FIELD_NAMES].sort()).toEqual(Object.keys(JobMetadataSchema.shape).sort())
    expect(KNOWN_FIELD_NAMES).toContain('scrapystats')
    expect(KNOWN_FIELD_NAMES).not.toContain('dataset')
  })
})
