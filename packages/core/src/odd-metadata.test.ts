// Property tests: arbitrary metadata documents (hostile strings, huge and negative numbers, deep
// nesting, wrong types for every known field) never make core throw; it returns the job and names
// the odd values.
import { createEmulator, HOSTILE_TEXT } from '@jobmeta/emulator'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createClient } from './client.ts'
import type { ValidationError } from './errors.ts'
import { getField, getStat } from './fields.ts'
import { outcomeOf } from './outcome.ts'
import { checkJobMetadata, KNOWN_FIELD_NAMES, metadataIssues } from './schema.ts'
import { groupStats } from './stats.ts'
import { summarize } from './summarize.ts'

function nest(depth: number): unknown {
  let v: unknown = 'bottom'
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { d: v }
  return v
}

const text = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXT),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.constantFrom('pending', 'running', 'finished', 'deleted', 'closespider_timeout'),
)
const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e308, -1e308, 2 ** 60, -1, 0, Number.MAX_SAFE_INTEGER + 2, 1.5),
)
const scalar = fc.oneof(text, number, fc.boolean(), fc.constant(null))
const json: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  ),
})).value
const fieldValue = fc.oneof(
  json,
  fc.integer({ min: 1, max: 300 }).map(nest),
  fc.array(text, { maxLength: 4 }),
  fc.dictionary(text, scalar, { maxKeys: 6 }),
)
/** A metadata document: any subset of the known fields, each of any type, plus custom fields. */
const metadataDocument = fc
  .tuple(
    fc.record(Object.fromEntries(KNOWN_FIELD_NAMES.map((n) => [n, fieldValue])), {
      requiredKeys: [],
    }),
    fc.dictionary(text, fieldValue, { maxKeys: 4 }),
  )
  .map(([known, custom]) => ({ ...custom, ...known }) as Record<string, unknown>)

const NOW = 1_780_000_000_000

/** Everything a consumer derives from a job; none of it may throw. */
function readAll(meta: Record<string, unknown>): void {
  summarize(meta, NOW)
  outcomeOf(meta as never)
  for (const name of KNOWN_FIELD_NAMES) getField(meta, name)
  getStat(meta, 'item_scraped_count')
  const stats = meta.scrapystats
  if (stats && typeof stats === 'object' && !Array.isArray(stats))
    groupStats(stats as Record<string, unknown>)
}

describe('arbitrary metadata documents', () => {
  it('checkJobMetadata returns the document and names exactly the values of other types', () => {
    fc.assert(
      fc.property(metadataDocument, (doc) => {
        const r = checkJobMetadata(doc)
        if (r.success) {
          expect(r.data).toBe(doc)
          expect(metadataIssues(doc)).toEqual([])
        } else {
          expect(r.data).toBe(doc)
          expect(r.fatal).toBeUndefined()
          expect(r.fields?.length).toBeGreaterThan(0)
          for (const f of r.fields ?? []) {
            expect(KNOWN_FIELD_NAMES).toContain(f.path[0])
            expect(typeof f.expected).toBe('string')
            expect(typeof f.got).toBe('string')
          }
        }
        readAll(doc)
      }),
      { numRuns: 150 },
    )
  })

  it('the client returns every job in warn mode, reports its odd values, and strict carries it', async () => {
    const emulator = createEmulator({ seed: 'empty', apikeys: { k: '*' } })
    const base = {
      apikey: 'k',
      storageUrl: 'http://emulator.test/',
      retry: false as const,
      fetch: async (input: RequestInfo | URL, init?: RequestInit) =>
        emulator.app.fetch(new Request(input, init)),
    }
    const warnings: ValidationError[] = []
    const warn = createClient({ ...base, onWarning: (w) => warnings.push(w) })
    const strict = createClient({ ...base, validation: 'strict' })
    let n = 0
    await fc.assert(
      fc.asyncProperty(metadataDocument, async (doc) => {
        const key = `1/1/${++n}`
        emulator.store.put({ ...doc, key })
        // what the client should return: the stored job as JSON carries it, null fields dropped
        const sent = JSON.parse(JSON.stringify(emulator.store.get(key))) as Record<string, unknown>
        delete sent.auth
        for (const k of Object.keys(sent)) if (sent[k] === null) delete sent[k]
        warnings.length = 0
        const meta = await warn.job(key).get()
        expect(meta).toEqual(sent)
        const issues = metadataIssues(sent)
        if (issues.length === 0) expect(warnings).toEqual([])
        else {
          expect(warnings).toHaveLength(1)
          expect(warnings[0]!.fields).toEqual(issues)
          const e = (await strict
            .job(key)
            .get()
            .catch((err: unknown) => err)) as ValidationError
          expect(e.name).toBe('ValidationError')
          expect(e.value).toEqual(sent)
        }
        readAll(meta)
      }),
      { numRuns: 30 },
    )
    emulator.close()
  })

  it('a job with 50,000 stats, some null and some of other types, is read whole', async () => {
    const stats: Record<string, unknown> = {}
    for (let i = 0; i < 50_000; i++) {
      stats[`group${i % 50}/stat/${i}`] =
        i % 5000 === 1 ? null : i % 5000 === 2 ? [i] : i % 3 ? i : `v${i}`
    }
    const emulator = createEmulator({
      seed: [{ key: '2/1/1', spider: 's', state: 'finished', scrapystats: stats }],
      apikeys: { k: '*' },
    })
    const warnings: ValidationError[] = []
    const client = createClient({
      apikey: 'k',
      storageUrl: 'http://emulator.test/',
      retry: false,
      onWarning: (w) => warnings.push(w),
      fetch: async (input, init) => emulator.app.fetch(new Request(input, init)),
    })
    const meta = await client.job('2/1/1').get()
    expect(Object.keys(meta.scrapystats ?? {})).toHaveLength(50_000)
    expect(warnings[0]?.fields).toHaveLength(10)
    expect(warnings[0]?.fields[0]?.path).toEqual(['scrapystats', 'group2/stat/2'])
    readAll(meta)
    emulator.close()
  })
})
