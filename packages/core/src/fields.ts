import {
  type FieldValue,
  hasFieldType,
  isKnownField,
  type JobMetadata,
  type KnownFieldName,
  type KnownFields,
} from './schema.ts'

/**
 * A field of the metadata by name. A known field is returned only when it has its documented type
 * (so the static type holds even for a response read in 'warn' or 'off' mode); absent, null or
 * odd values give undefined. Unknown fields are returned as they are.
 */
export function getField<K extends KnownFieldName>(
  meta: JobMetadata,
  name: K,
): KnownFields[K] | undefined
/** A field of the metadata by any name (unknown fields are kept by the schema). */
export function getField<K extends string>(meta: JobMetadata, name: K): FieldValue<K> | undefined
export function getField(meta: JobMetadata, name: string): unknown {
  if (meta === null || typeof meta !== 'object' || !Object.hasOwn(meta, name)) return undefined
  const v = (meta as Record<string, unknown>)[name]
  if (v === null || v === undefined) return undefined
  if (!isKnownField(name)) return v
  // scrapystats may hold 50,000 values: getStat checks the one it reads instead of all of them
  if (name === 'scrapystats') return typeof v === 'object' && !Array.isArray(v) ? v : undefined
  return hasFieldType(name, v) ? v : undefined
}

/** A scrapystats value by its real name (e.g. 'downloader/response_status_count/200'); null and odd values give undefined. */
export function getStat(meta: JobMetadata, name: string): number | string | undefined {
  const stats = getField(meta, 'scrapystats')
  if (!stats || typeof stats !== 'object' || !Object.hasOwn(stats, name)) return undefined
  const v = stats[name]
  return typeof v === 'number' || typeof v === 'string' ? v : undefined
}

/** A numeric scrapystats value; strings and non-finite numbers give undefined. */
export function getNumericStat(meta: JobMetadata, name: string): number | undefined {
  const v = getStat(meta, name)
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

/** The prefix of a stat's path, as formatIssuePath writes it: `scrapystats.log_count/ERROR`. */
const STATS_PATH = 'scrapystats.'

/**
 * A field or stat by path, as sent (any type, null included): `scrapystats.NAME` is the stat of
 * that real, slash-containing name, anything else a top-level field. `{ value }` when it exists
 * (a field sent as null exists), undefined when it does not.
 */
export function readFieldPath(meta: JobMetadata, path: string): { value: unknown } | undefined {
  if (meta === null || typeof meta !== 'object') return undefined
  const raw = meta as Record<string, unknown>
  if (path.startsWith(STATS_PATH)) {
    const stats = raw.scrapystats
    const name = path.slice(STATS_PATH.length)
    if (!stats || typeof stats !== 'object' || Array.isArray(stats) || !Object.hasOwn(stats, name))
      return undefined
    return { value: (stats as Record<string, unknown>)[name] }
  }
  return Object.hasOwn(raw, path) ? { value: raw[path] } : undefined
}
