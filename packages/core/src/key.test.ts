import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidKeyError, JobmetaError } from './errors.ts'
import { dashboardUrl, parseJobKey, parseKey, toJobKey } from './key.ts'

describe('parseJobKey', () => {
  it.each([
    ['1/2/3', '1/2/3'],
    ['  1/2/3 \n', '1/2/3'],
    ['123456/4/56', '123456/4/56'],
    ['007/2/3', '7/2/3'],
    ['https://app.zyte.com/p/1/2/3', '1/2/3'],
    ['https://app.zyte.com/p/1/2/3/', '1/2/3'],
    ['https://app.zyte.com/p/1/2/3/items', '1/2/3'],
    ['https://app.zyte.com/p/1/2/3/log?line=4#x', '1/2/3'],
    ['http://app.scrapinghub.com/p/10/20/30', '10/20/30'],
    ['https://dash.scrapinghub.com/p/10/job/20/30', '10/20/30'],
    ['https://dash.scrapinghub.com/p/10/20/30/requests', '10/20/30'],
  ])('parses %j', (input, key) => {
    const k = parseJobKey(input)
    expect(k.key).toBe(key)
    expect(k.key).toBe(`${k.project}/${k.spider}/${k.job}`)
  })

  it.each([
    '',
    '1/2',
    '1/2/3/4',
    '0/2/3',
    '1/0/3',
    '-1/2/3',
    '1.5/2/3',
    '1/2/3x',
    'a/b/c',
    '1 /2/3',
    '99999999999999999/1/1',
    'https://example.com/p/1/2/3',
    'https://app.zyte.com/p/1/2',
    'https://app.zyte.com/x/1/2/3',
    'ftp://app.zyte.com/p/1/2/3',
  ])('rejects %j with a message saying what was expected', (input) => {
    expect(() => parseJobKey(input)).toThrow(InvalidKeyError)
    expect(() => parseJobKey(input)).toThrow(/expected a job key "P\/S\/J"/)
  })

  it('rejects non-strings with InvalidKeyError', () => {
    expect(() => parseJobKey(42 as unknown as string)).toThrow(InvalidKeyError)
  })

  it('InvalidKeyError has no status', () => {
    try {
      parseJobKey('nope')
    } catch (e) {
      expect(e).toBeInstanceOf(JobmetaError)
      expect((e as JobmetaError).status).toBeUndefined()
    }
  })
})

describe('parseKey', () => {
  it('parses project, spider and job forms', () => {
    expect(parseKey('12')).toEqual({ kind: 'project', project: 12 })
    expect(parseKey(' 12/3 ')).toEqual({ kind: 'spider', project: 12, spider: 3 })
    expect(parseKey('12/3/4')).toEqual({
      kind: 'job',
      project: 12,
      spider: 3,
      job: 4,
      key: '12/3/4',
    })
    expect(parseKey('https://app.zyte.com/p/12')).toEqual({ kind: 'project', project: 12 })
    expect(parseKey('https://app.zyte.com/p/12/jobs')).toEqual({ kind: 'project', project: 12 })
    expect(parseKey('https://app.zyte.com/p/12/3/4/items').kind).toBe('job')
  })
  it('rejects garbage', () => {
    expect(() => parseKey('x')).toThrow(/expected "P" \(project\)/)
    expect(() => parseKey('0')).toThrow(InvalidKeyError)
  })
})

describe('dashboardUrl', () => {
  it('builds the app.zyte.com URL from a key or string', () => {
    expect(dashboardUrl('1/2/3')).toBe('https://app.zyte.com/p/1/2/3')
    expect(dashboardUrl(parseJobKey(' 4/5/6 '))).toBe('https://app.zyte.com/p/4/5/6')
  })
})

const positive = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER })

describe('properties', () => {
  it('valid keys round-trip through parseJobKey, the key string and the dashboard URL', () => {
    fc.assert(
      fc.property(
        positive,
        positive,
        positive,
        fc.constantFrom('', ' ', '\t', '\n'),
        (p, s, j, pad) => {
          const k = parseJobKey(`${pad}${p}/${s}/${j}${pad}`)
          expect(k).toEqual({ project: p, spider: s, job: j, key: `${p}/${s}/${j}` })
          expect(parseJobKey(k.key)).toEqual(k)
          expect(parseJobKey(dashboardUrl(k))).toEqual(k)
          expect(parseKey(k.key)).toEqual({ kind: 'job', ...k })
        },
      ),
    )
  })

  it('anything else is rejected with InvalidKeyError carrying a message, never another error', () => {
    const valid = /^\s*[1-9]\d*\/[1-9]\d*\/[1-9]\d*\s*$/
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: fc.constantFrom('1', '0', '/', ' ', '-', 'a', '.', ':', 'p') }),
          fc.webUrl(),
          fc.anything(),
        ),
        (input) => {
          try {
            const k = parseJobKey(input as string)
            // accepted: must be a (possibly zero-padded) valid key or a dashboard URL
            expect(typeof input).toBe('string')
            expect(
              valid.test((input as string).replace(/(^|\/)0+(?=\d)/g, '$1')) ||
                /^https?:/.test(input as string),
            ).toBe(true)
            expect(k.project).toBeGreaterThan(0)
          } catch (e) {
            expect(e).toBeInstanceOf(InvalidKeyError)
            expect((e as Error).message).toMatch(/expected/)
          }
        },
      ),
      { numRuns: 500 },
    )
  })

  it('toJobKey and dashboardUrl never throw anything but InvalidKeyError', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(null), fc.anything(), fc.record({ key: fc.anything() })),
        (input) => {
          for (const f of [toJobKey, dashboardUrl]) {
            try {
              f(input as string)
            } catch (e) {
              expect(e).toBeInstanceOf(InvalidKeyError)
            }
          }
        },
      ),
      { numRuns: 300 },
    )
    expect(toJobKey({ key: ' 1/2/3 ' } as never).key).toBe('1/2/3')
  })

  it('parseKey never throws anything but InvalidKeyError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything()), (input) => {
        try {
          const k = parseKey(input as string)
          expect(['project', 'spider', 'job']).toContain(k.kind)
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidKeyError)
        }
      }),
      { numRuns: 300 },
    )
  })
})
