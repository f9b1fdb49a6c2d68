import type { FieldValue, JobMetadata, KnownFieldName, KnownFields } from './schema.ts'

/** A field of the metadata by name: typed for known fields; absent or null gives undefined. */
export function getField<K extends KnownFieldName>(
  meta: JobMetadata,
  name: K,
): KnownFields[K] | undefined
/** A field of the metadata by any name (unknown fields are kept by the schema). */
export function getField<K extends string>(meta: JobMetadata, name: K): FieldValue<K> | undefined
export function getField(meta: JobMetadata, name: string): unknown {
  if (meta === null || typeof meta !== 'object' || !Object.hasOwn(meta, name)) return undefined
  const v = (meta as Record<string, unknown>)[name]
  return v === null ? undefined : v
}

/** A scrapystats value by its real name (e.g. 'downloader/response_status_count/200'). */
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
