/** Request validation helpers: zod issues and query strings turned into problem documents. */
import type { z } from 'zod'
import { type Problem, problem, quote } from './problem.ts'

/** A validated value, or the problem to answer with. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: Problem }

/** Validates one path parameter. */
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
    problem: problem('invalid-parameter', `${name} ${msg} (got ${quote(raw ?? '')})`, {
      parameter: name,
    }),
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

/**
 * Validates a query string. Parameters named in `repeatable` become arrays (also split on commas);
 * any other parameter given twice, or any parameter the schema does not know, is refused.
 */
export function checkQuery<T>(
  schema: z.ZodType<T>,
  search: string,
  repeatable: readonly string[] = [],
): Checked<T> {
  if (search === '' || search === '?') return emptyQuery(schema)
  const params = new URLSearchParams(search)
  const obj: Record<string, string | string[]> = {}
  for (const [k, v] of params) {
    if (repeatable.includes(k)) {
      const list = (obj[k] as string[] | undefined) ?? []
      list.push(...v.split(','))
      obj[k] = list
    } else if (Object.hasOwn(obj, k)) {
      return {
        ok: false,
        problem: problem(
          'invalid-parameter',
          `query parameter ${quote(k)} is given more than once`,
          { parameter: k },
        ),
      }
    } else {
      obj[k] = v
    }
  }
  const r = schema.safeParse(obj)
  if (r.success) return { ok: true, value: r.data }
  const issue = r.error.issues[0]
  if (issue?.code === 'unrecognized_keys') {
    const k = issue.keys[0] ?? ''
    return {
      ok: false,
      problem: problem('unknown-parameter', `query parameter ${quote(k)} is not accepted here`, {
        parameter: k,
      }),
    }
  }
  const name = String(issue?.path[0] ?? 'query')
  const value = obj[name]
  const shown =
    value === undefined ? '' : ` (got ${quote(Array.isArray(value) ? value.join(',') : value)})`
  return {
    ok: false,
    problem: problem(
      'invalid-parameter',
      `query parameter ${name} ${issue?.code === 'invalid_value' ? 'has a value that is not allowed' : (issue?.message ?? 'is invalid')}${shown}`,
      {
        parameter: name,
      },
    ),
  }
}
