import fc from 'fast-check'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { SPEC_EXAMPLE_TEXT } from '../test/fixtures.ts'
import { getField, getNumericStat, getStat, readFieldPath } from './fields.ts'
import { hasFieldType, isKnownField, type JobMetadata } from './schema.ts'
import type { JobState } from './states.ts'

const meta = JSON.parse(SPEC_EXAMPLE_TEXT) as JobMetadata

describe('getField', () => {
  it('returns typed known fields', () => {
    const state = getField(meta, 'state')
    expectTypeOf(state).toEqualTypeOf<JobState | undefined>()
    expect(state).toBe('finished')
    const tags = getField(meta, 'tags')
    expectTypeOf(tags).toEqualTypeOf<string[] | undefined>()
    expect(tags).toEqual(['tag1', 'tag2'])
    expect(getField(meta, 'pending_time')).toBe(1566311800654)
  })
  it('returns unknown fields as unknown and missing or null ones as undefined', () => {
    const m = { ...meta, custom: { a: 1 }, gone: null } as JobMetadata
    expect(getField(m, 'custom')).toEqual({ a: 1 })
    expect(getField(m, 'gone')).toBeUndefined()
    expect(getField(m, 'deleted_by')).toBeUndefined()
  })
  it('gives undefined for a known field of another type, so its static type holds', () => {
    const m = { ...meta, tags: 'nightly', state: 'exploded', priority: 'high', x: 'y' } as never
    expect(getField(m, 'tags')).toBeUndefined()
    expect(getField(m, 'state')).toBeUndefined()
    expect(getField(m, 'priority')).toBeUndefined()
    expect(getField(m, 'spider')).toBe('testspider')
    expect(getField(m, 'x')).toBe('y')
    const stats = { ...meta, scrapystats: { a: null, b: [1], c: 2 } } as never
    expect(getStat(stats, 'a')).toBeUndefined()
    expect(getStat(stats, 'b')).toBeUndefined()
    expect(getStat(stats, 'c')).toBe(2)
    expect(getStat({ scrapystats: [1] } as never, '0')).toBeUndefined()
  })
  it('never reads inherited properties', () => {
    expect(getField(meta, 'constructor')).toBeUndefined()
    expect(getField(meta, '__proto__')).toBeUndefined()
    expect(getStat(meta, 'toString')).toBeUndefined()
  })
})

describe('getStat', () => {
  it('looks up stats by their slash-containing names', () => {
    expect(getStat(meta, 'downloader/response_status_count/200')).toBe(1)
    expect(getStat(meta, 'finish_reason')).toBe('finished')
    expect(getNumericStat(meta, 'finish_reason')).toBeUndefined()
    expect(getStat(meta, 'nope/nope')).toBeUndefined()
    expect(getStat({} as JobMetadata, 'a')).toBeUndefined()
  })
})

describe('properties', () => {
  it('field and stat access never throw and return own values only', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), (obj, name) => {
        const m = { ...obj, scrapystats: obj } as JobMetadata
        const v = getField(m, name)
        const typed = !isKnownField(name) || name === 'scrapystats' || hasFieldType(name, m[name])
        if (Object.hasOwn(m, name) && m[name] !== null && typed) expect(v).toBe(m[name])
        else expect(v).toBeUndefined()
        const s = getStat(m, name)
        if (s !== undefined) expect(['number', 'string']).toContain(typeof s)
      }),
      { numRuns: 300 },
    )
  })
})

describe('readFieldPath', () => {
  const meta = {
    state: 'finished',
    close_reason: null,
    scrapystats: { 'log_count/ERROR': 2, 'odd/list': [1], 'null/stat': null },
  } as unknown as JobMetadata

  it('reads a field or a scrapystats.NAME stat as sent, null included', () => {
    expect(readFieldPath(meta, 'state')).toEqual({ value: 'finished' })
    expect(readFieldPath(meta, 'close_reason')).toEqual({ value: null })
    expect(readFieldPath(meta, 'scrapystats.log_count/ERROR')).toEqual({ value: 2 })
    expect(readFieldPath(meta, 'scrapystats.odd/list')).toEqual({ value: [1] })
    expect(readFieldPath(meta, 'scrapystats.null/stat')).toEqual({ value: null })
  })

  it('answers undefined for what does not exist (no inherited names)', () => {
    expect(readFieldPath(meta, 'tags')).toBeUndefined()
    expect(readFieldPath(meta, 'scrapystats.nope')).toBeUndefined()
    expect(readFieldPath(meta, 'toString')).toBeUndefined()
    expect(readFieldPath(meta, 'scrapystats.constructor')).toBeUndefined()
    expect(
      readFieldPath({ scrapystats: [1] } as unknown as JobMetadata, 'scrapystats.0'),
    ).toBeUndefined()
  })
})
