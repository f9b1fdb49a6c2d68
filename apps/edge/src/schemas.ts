/** zod schemas of route parameters and queries: they validate requests and feed /openapi.json (answers: answers.ts). */
import { JOB_STATES } from '@jobmeta/core'
import { z } from 'zod'

/** Digits of an id: no sign, no leading zero. */
export const ID_PATTERN = /^[1-9][0-9]{0,9}$/
/** Largest id accepted (32-bit signed). */
export const MAX_ID = 2_147_483_647

/** A project, spider or job number in a path: a positive 32-bit integer without leading zeros. */
export const IdParam = z
  .string()
  .regex(ID_PATTERN, 'must be a positive integer')
  .refine((s) => Number(s) <= MAX_ID, 'is too large')

/** A metadata field name in a path. */
export const FieldParam = z
  .string()
  .max(64, 'is longer than 64 characters')
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must be a field name (letters, digits, _ . -)')
  .refine((s) => !s.includes('..'), 'must not contain ".."')

const PRINTABLE = /^[^\u0000-\u001f\u007f-\u009f]+$/

/** No query parameters. */
export const JobQuery = z.strictObject({})

/** Badge options. */
export const BadgeQuery = z.strictObject({
  label: z
    .string()
    .min(1)
    .max(40, 'is longer than 40 characters')
    .regex(PRINTABLE, 'must be printable text')
    .optional(),
})

/** Status page options: which page of spiders (1-based). */
export const StatusQuery = z.strictObject({
  page: z
    .string()
    .regex(/^[1-9][0-9]{0,3}$/, 'must be a page number (1 to 9999)')
    .optional(),
})

/** Filters of the project job list; `count` is bounded by LIST_MAX_COUNT. */
export function listQuery(maxCount: number) {
  return z.strictObject({
    state: z.array(z.enum(JOB_STATES)).max(4).optional(),
    spider: z
      .string()
      .max(100, 'is longer than 100 characters')
      .regex(/^[A-Za-z0-9_.-]+$/, 'must be a spider name (letters, digits, _ . -)')
      .optional(),
    tag: z
      .string()
      .min(1)
      .max(100, 'is longer than 100 characters')
      .regex(PRINTABLE, 'must be printable text')
      .optional(),
    count: z
      .string()
      .regex(/^[1-9][0-9]{0,5}$/, 'must be a positive integer')
      .refine((s) => Number(s) <= maxCount, `must be at most ${maxCount}`)
      .optional(),
  })
}
