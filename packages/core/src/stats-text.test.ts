// checkJobMetadata(value, text) checks a large document's scrapystats on its text: it must give the
// verdict of the walk over the parsed object for any text, the hostile ones included.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseJson } from './jsonlines.ts'
import { checkJobMetadata } from './schema.ts'

const PAD = 'x'.repeat(70 * 1024)
/** A text big enough for the text check: the padding is a field of its own. */
const big = (fields: string) => `{"pad": "${PAD}", ${fields}}`

const verdicts = (text: string) => {
  const value = parseJson(text)
  return [checkJobMetadata(value, text).success, checkJobMetadata(value).success]
}

describe('scrapystats checked on the text of a large document', () => {
  it('accepts stats of numbers, strings and null, Python spacing or none', () => {
    for (const stats of [
      '"scrapystats": {"a/b": 1, "c": -2.5e-7, "d": "x \\" y", "e": null, "f": 1E+20}',
      '"scrapystats":{"a":1,"b":"\\\\"}',
      '"scrapystats": {}',
    ])
      expect(verdicts(big(stats))).toEqual([true, true])
  })

  it.each([
    ['a list', '"scrapystats": {"a": [1]}'],
    ['an object', '"scrapystats": {"a": {"b": 1}}'],
    ['a boolean', '"scrapystats": {"a": true}'],
    ['a number that overflows to Infinity', `"scrapystats": {"a": ${'9'.repeat(400)}}`],
    ['an exponent that overflows', '"scrapystats": {"a": 1e999}'],
    [
      'a decoy before: the same name nested',
      '"job_settings": {"scrapystats": {"a": 1}}, "scrapystats": {"b": true}',
    ],
    [
      'a decoy key with an escaped quote',
      '"x\\"scrapystats": {"a": 1}, "scrapystats": {"b": false}',
    ],
    [
      'the real key spelled with \\u',
      '"x": {"scrapystats": {"a": 1}}, "scrapystat\\u0073": {"b": [2]}',
    ],
    [
      'a duplicate key (JSON.parse keeps the last)',
      '"scrapystats": {"a": 1}, "scrapystats": {"b": {}}',
    ],
  ])('refuses %s as the walk does', (_name, fields) => {
    expect(verdicts(big(fields))).toEqual([false, false])
  })

  it('keeps Python NaN and Infinity (read as strings) valid', () => {
    expect(verdicts(big('"scrapystats": {"a": NaN, "b": -Infinity}'))).toEqual([true, true])
  })

  it('gives the walk’s verdict on generated documents', () => {
    const key = fc.oneof(
      fc.constantFrom('scrapystats', 'scrapystat\u0073', 'a/b', 'x"y', 'a\\b', '\u2028'),
      fc.string({ maxLength: 6 }),
    )
    const statValue = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.string({ maxLength: 8 }),
      fc.constant(null),
      fc.boolean(),
      fc.constant([1]),
      fc.constant({ scrapystats: { a: 1 } }),
    )
    const stats = fc.dictionary(key, statValue, { maxKeys: 8 })
    const doc = fc.record(
      {
        job_settings: fc.dictionary(key, fc.oneof(statValue, stats), { maxKeys: 3 }),
        scrapystats: stats,
        tail: fc.dictionary(key, statValue, { maxKeys: 3 }),
      },
      { requiredKeys: ['scrapystats'] },
    )
    fc.assert(
      fc.property(doc, fc.boolean(), (d, python) => {
        let text = JSON.stringify({ pad: PAD, ...d })
        if (python) text = text.replace(/,"/g, ', "').replace(/":/g, '": ')
        const [withText, walked] = verdicts(text)
        expect(withText).toBe(walked)
      }),
      { numRuns: 300 },
    )
  })
})
