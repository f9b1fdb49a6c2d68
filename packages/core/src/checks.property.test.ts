// The hand-written checks decide alone whether an answer is valid (zod is loaded only to describe
// one that is not), so each must give zod's verdict, and name the fields zod names, on any value.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  type CheckResult,
  checkCancelAnswer,
  checkCount,
  checkJobQRow,
  checkJobQSummary,
  checkProjectJobSummary,
  checkProjectSummary,
  checkPushAnswer,
  checkSpiderId,
} from './schema.ts'
import * as Schemas from './zod-schemas.ts'

// values close to the valid ones, so that both verdicts happen often
const scalar = fc.oneof(
  fc.constantFrom('pending', 'running', 'finished', 'deleted', '1/2/3', '', 'x'),
  fc.constantFrom(0, 1, -1, 2.5, 1e21, Number.MAX_SAFE_INTEGER + 2, null, true, false),
  fc.integer({ min: -3, max: 1e6 }),
  fc.double({ noNaN: true }),
)
const value = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.string(), scalar), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string(), scalar, { maxKeys: 2 }) },
)
const objectOf = (keys: string[]) =>
  fc.dictionary(fc.constantFrom(...keys, 'custom'), value, { maxKeys: keys.length + 1 })

const ROW_KEYS = ['key', 'ts', 'state', 'elapsed', 'spider', 'finished_time', 'tags', 'items']
const row = objectOf(ROW_KEYS)
const fullRow = fc.record({
  key: fc.string(),
  ts: fc.integer(),
  state: fc.constantFrom('pending', 'running', 'finished'),
  elapsed: fc.integer(),
})

const count = fc.integer({ min: -1, max: 9 })
const cases: [string, (v: unknown) => CheckResult<unknown>, z.ZodType, fc.Arbitrary<unknown>][] = [
  ['checkJobQRow', checkJobQRow, Schemas.JobQRowSchema, fc.oneof(row, fullRow, value)],
  [
    'checkJobQSummary',
    checkJobQSummary,
    Schemas.JobQSummarySchema,
    fc.oneof(
      objectOf(['name', 'count', 'summary']),
      fc.record({
        name: fc.constantFrom('pending', 'running', 'finished', 'deleted'),
        count,
        summary: fc.array(fc.oneof(fullRow, row), { maxLength: 3 }),
      }),
    ),
  ],
  ['checkCount', checkCount, Schemas.CountSchema, value],
  ['checkSpiderId', checkSpiderId, Schemas.SpiderIdSchema, value],
  [
    'checkProjectJobSummary',
    checkProjectJobSummary,
    Schemas.ProjectJobSummarySchema,
    fc.oneof(
      objectOf(['project', 'pending', 'running', 'finished', 'pending_units_max', 'has_capacity']),
      fc.record(
        {
          project: count,
          pending: count,
          running: count,
          finished: count,
          running_units_count: count,
          pending_units_max: fc.oneof(count, fc.constant(null), fc.constant(1.5)),
          has_capacity: fc.oneof(fc.boolean(), fc.constant(0)),
        },
        { requiredKeys: ['project', 'running'] },
      ),
    ),
  ],
  [
    'checkProjectSummary',
    checkProjectSummary,
    Schemas.ProjectSummarySchema,
    fc.oneof(
      objectOf(['project', 'pending', 'running', 'finished', 'has_capacity']),
      fc.record(
        {
          project: count,
          pending: count,
          running: count,
          finished: count,
          has_capacity: fc.oneof(fc.boolean(), fc.constant('yes')),
        },
        { requiredKeys: ['project', 'pending'] },
      ),
    ),
  ],
  [
    'checkPushAnswer',
    checkPushAnswer,
    Schemas.PushAnswerSchema,
    fc.oneof(objectOf(['key', 'auth', 'error']), value),
  ],
  [
    'checkCancelAnswer',
    checkCancelAnswer,
    Schemas.CancelAnswerSchema,
    fc.oneof(objectOf(['count']), value),
  ],
]

const top = (paths: readonly PropertyKey[][]) => [...new Set(paths.map((p) => p[0]))].sort()

describe('hand-written checks give zod’s verdict', () => {
  it.each(cases)('%s', (_name, check, schema, arbitrary) => {
    const seen = { valid: 0, invalid: 0 }
    fc.assert(
      fc.property(arbitrary, (v) => {
        const ours = check(v)
        const zods = schema.safeParse(v)
        expect(ours.success).toBe(zods.success)
        if (ours.success) {
          seen.valid++
          // the value itself, not a copy
          expect(ours.data).toBe(v)
          return
        }
        seen.invalid++
        expect(ours.schema(Schemas)).toBe(schema)
        expect(ours.fields.length).toBeGreaterThan(0)
        // a union (push answers) reports its branches at the top; elsewhere the same fields
        if (zods.error && zods.error.issues[0]?.code !== 'invalid_union')
          expect(top(ours.fields.map((f) => f.path))).toEqual(
            top(zods.error.issues.map((i) => i.path)),
          )
      }),
      { numRuns: 600 },
    )
    expect(seen.valid).toBeGreaterThan(0)
    expect(seen.invalid).toBeGreaterThan(0)
  })
})
