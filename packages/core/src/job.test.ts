import { describe, expect, it } from 'vitest'
import { parseMetadataBody } from './job.ts'

describe('parseMetadataBody', () => {
  it('reads one JSON line, a JSON array of one object, or nothing', () => {
    expect(parseMetadataBody('{"state": "finished", "finish_time": 1566311822568.0}')).toEqual({
      state: 'finished',
      finish_time: 1566311822568,
    })
    expect(parseMetadataBody('[{"a": 1}]')).toEqual({ a: 1 })
    expect(parseMetadataBody('{"a": 1}\n')).toEqual({ a: 1 })
    expect(parseMetadataBody('{"a": 1}\n{"a": 2}')).toEqual({ a: 1 })
    expect(parseMetadataBody('')).toBeUndefined()
    expect(parseMetadataBody(' \n')).toBeUndefined()
    expect(parseMetadataBody('[]')).toBeUndefined()
  })
  it('throws SyntaxError on a cut-short body (the client turns it into a retried NetworkError)', () => {
    expect(() => parseMetadataBody('{"state": "fin')).toThrow(SyntaxError)
  })
})
