import type { Access } from '../auth.ts'
import type { Define } from '../context.ts'
import { json } from '../http.ts'
import { type JobState, type JobStore, stateOf } from '../store.ts'

/** Jobs per state and the units running jobs hold, in one project. */
function countsOf(store: JobStore, project: number) {
  const counts: Record<JobState, number> = { pending: 0, running: 0, finished: 0, deleted: 0 }
  let runningUnits = 0
  for (const r of store.list(project)) {
    const state = stateOf(r)
    counts[state]++
    if (state === 'running') runningUnits += typeof r.meta.units === 'number' ? r.meta.units : 1
  }
  return { ...counts, runningUnits }
}

/** The projects a key reads: its own list, or every project holding jobs for a `'*'` key. */
function readable(access: Access, store: JobStore): number[] {
  if (access === '*') return store.projects().sort((a, b) => a - b)
  return [...(access ?? [])].sort((a, b) => a - b)
}

/** Registers `/projects/P/jobsummary` and `/projects/jobsummaries`. */
export function projectsRoutes(define: Define): void {
  define('GET', '/projects/:project/jobsummary', (rc) => {
    const c = countsOf(rc.deps.store, rc.project)
    // The emulator has no capacity limits: no pending-units cap, always capacity.
    return json(200, {
      project: rc.project,
      running_units_count: c.runningUnits,
      running: c.running,
      pending: c.pending,
      finished: c.finished,
      pending_units_max: null,
      has_capacity: true,
    })
  })

  define(
    'GET',
    '/projects/jobsummaries',
    (rc) =>
      json(
        200,
        readable(rc.access, rc.deps.store).map((project) => {
          const c = countsOf(rc.deps.store, project)
          return {
            project,
            pending: c.pending,
            running: c.running,
            finished: c.finished,
            has_capacity: true,
          }
        }),
      ),
    'key',
  )
}
