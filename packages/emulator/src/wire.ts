// Python-style JSON, as the storage service writes it: `", "` and `": "` separators, non-ASCII
// escaped, and float-typed Scrapy stats written with a fraction (`1566311822568.0`).

/** Scrapy stats that Scrapy stores as floats, so the server writes them with a `.0`. */
const FLOAT_STATS = new Set(['start_time', 'finish_time', 'elapsed_time_seconds'])

/**
 * Encodes a value the way Python's `json.dumps` does (default separators, `ensure_ascii`).
 * `scrapystats` objects get float-typed stats; pass `{ scrapystats: true }` when `value` is one.
 */
export function encodeJson(value: unknown, context: { scrapystats?: boolean } = {}): string {
  return context.scrapystats ? encodeObjectValue('scrapystats', value) : encode(value, false)
}

/** Formats a number as Python's `repr(float)` would. */
export function pyFloat(n: number): string {
  if (!Number.isFinite(n)) return 'null'
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`
  return pyNumber(n)
}

function pyNumber(n: number): string {
  if (!Number.isFinite(n)) return 'null'
  // Python pads exponents to two digits: 1e-07, 1.5e+22.
  return String(n).replace(/e([+-])(\d)$/, 'e$10$2')
}

const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/

function encodeString(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`
  return JSON.stringify(s).replace(
    /[\u0080-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

function encode(value: unknown, asFloat: boolean): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'string':
      return encodeString(value)
    case 'number':
      return asFloat ? pyFloat(value) : pyNumber(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'bigint':
      return value.toString()
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => encode(v, false)).join(', ')}]`
      let out = ''
      const obj = value as Record<string, unknown>
      for (const k in obj) {
        if (!Object.hasOwn(obj, k)) continue
        const v = obj[k]
        if (v === undefined || typeof v === 'function') continue
        out += `${out ? ', ' : ''}${encodeString(k)}: ${encodeObjectValue(k, v)}`
      }
      return `{${out}}`
    }
    default:
      return 'null'
  }
}

function encodeObjectValue(key: string, v: unknown): string {
  if (key === 'scrapystats' && v && typeof v === 'object' && !Array.isArray(v)) {
    const parts: string[] = []
    for (const [k, sv] of Object.entries(v as Record<string, unknown>)) {
      if (sv === undefined) continue
      parts.push(`${encodeString(k)}: ${encode(sv, FLOAT_STATS.has(k))}`)
    }
    return `{${parts.join(', ')}}`
  }
  return encode(v, false)
}
