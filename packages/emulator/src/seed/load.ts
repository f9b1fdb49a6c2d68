import type { JobSeed } from '../store.ts'
import { parseKey } from '../store.ts'
import { DEMO_PROJECT, demoJobs } from './demo.ts'
import { oddJobs } from './odd.ts'

/** A seed choice: the demo project, the odd jobs (seed/odd.ts), nothing, or explicit jobs. */
export type SeedOption = 'demo' | 'odd' | 'empty' | readonly JobSeed[]

/** Resolves a seed option to jobs; the demo and odd seeds are anchored to `now`. */
export function resolveSeed(seed: SeedOption, now: number): readonly JobSeed[] {
  if (seed === 'demo') return demoJobs(now)
  if (seed === 'odd') return oddJobs(now)
  if (seed === 'empty') return []
  return seed
}

/**
 * Checks a parsed seed file: a JSON array of objects with a `key` "P/S/J". Returns the seeds or
 * throws a TypeError naming the first bad entry.
 */
export function parseSeedFile(value: unknown): JobSeed[] {
  if (!Array.isArray(value)) throw new TypeError('seed file must hold a JSON array of jobs')
  value.forEach((entry, i) => {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
      throw new TypeError(`seed entry ${i} is not an object`)
    const key = (entry as Record<string, unknown>).key
    if (typeof key !== 'string' || !parseKey(key))
      throw new TypeError(`seed entry ${i} has no valid "key" (expected "P/S/J")`)
  })
  return value as JobSeed[]
}

/** The projects a seed list touches (the demo project for the demo seed). */
export function seededProjects(seeds: readonly JobSeed[]): number[] {
  const out = new Set<number>()
  for (const s of seeds) {
    const ids = parseKey(s.key)
    if (ids) out.add(ids.project)
  }
  return [...out]
}

export { DEMO_PROJECT }
