/** Request validation: path parameters and query strings turned into values or problem documents that never echo the input. */
import type { z } from 'zod'
import { type Problem, problem } from './problem.ts'

/** A validated value, or the problem to answer with. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: Problem }

/** A zod object schema of query parameters (its shape lists the accepted names). */
export type QuerySchema<T> = z.ZodType<T> & { shape: Record<string, unknown> }

/** Validates one path parameter; the problem names the parameter and never shows its value. */
export function checkParam<T>(
  schema: z.ZodType<T>,
  name: string,
  raw: string | undefined,
): Checked<T> {
  const r = schema.safeParse(raw ?? '')
  if (r.success) return { ok: true, value: r.data }
  const msg = r.error.issues[0]?.message ?? 'is invalid'
  return {
    ok: false,
    problem: problem('invalid-parameter', `${name} ${msg}`, { parameter: name }),
  }
}

const emptyResults = new WeakMap<z.ZodType, Checked<unknown>>()

// The answer for "no query" is the same every time: computed once per schema.
function emptyQuery<T>(schema: z.ZodType<T>): Checked<T> {
  let r = emptyResults.get(schema) as Checked<T> | undefined
  if (r === undefined) {
    const parsed = schema.safeParse({})
    r = parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, problem: problem('invalid-parameter', 'query is invalid') }
    emptyResults.set(schema, r)
  }
  return r
}

function unknownParameter(known: readonly string[]): Checked<never> {
  const detail =
    known.length === 0
      ? 'this endpoint accepts no query parameters'
      : `unknown query parameter; accepted: ${known.join(', ')}`
  return { ok: false, problem: problem('unknown-parameter', detail) }
}

/**
 * Validates a query string. Only the names in the schema's shape are accepted (so no prototype
 * key such as `__proto__` can reach the parsed object); names in `repeatable` become arrays (also
 * split on commas); any other name given twice is refused. A problem names a parameter only from
 * the accepted list and never shows a value.
 */
export function checkQuery<T>(
  schema: QuerySchema<T>,
  search: string,
  repeatable: readonly string[] = [],
): Checked<T> {
  if (search === '' || search === '?') return emptyQuery(schema)
  const known = Object.keys(schema.shape)
  const values = new Map<string, string | string[]>()
  for (const [k, v] of new URLSearchParams(search)) {
    if (!known.includes(k)) return unknownParameter(known)
    if (repeatable.includes(k)) {
      const list = (values.get(k) as string[] | undefined) ?? []
      list.push(...v.split(','))
      values.set(k, list)
    } else if (values.has(k)) {
      return {
        ok: false,
        problem: problem('invalid-parameter', `query parameter ${k} is given more than once`, {
          parameter: k,
        }),
      }
    } else {
      values.set(k, v)
    }
  }
  const r = schema.safeParse(Object.fromEntries(values))
  if (r.success) return { ok: true, value: r.data }
  const issue = r.error.issues[0]
  const named = issue?.path[0]
  const name = typeof named === 'string' && known.includes(named) ? named : undefined
  if (name === undefined) return unknownParameter(known)
  const why = issue?.code === 'invalid_value' ? 'has a value that is not allowed' : issue?.message
  return {
    ok: false,
    problem: problem('invalid-parameter', `query parameter ${name} ${why ?? 'is invalid'}`, {
      parameter: name,
    }),
  }
}
