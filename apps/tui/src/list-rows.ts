/** Reads JobQ rows plus each job's `running_time`, so the run time of finished jobs can be shown. */
import type { Client, JobQRow, ListFilters } from '@jobmeta/core'

/**
 * Lists rows with `filters` and, in parallel, the same selection with `jobmeta=running_time`
 * (JobQ rows carry only the current state's time); merges the start time into the rows by key.
 * One extra request per page instead of one per job.
 */
export async function listRows(
  client: Client,
  project: number,
  filters: ListFilters,
  signal?: AbortSignal,
): Promise<JobQRow[]> {
  const jobs = client.jobs(project)
  const opts = signal ? { signal } : {}
  const collect = async (f: ListFilters) => {
    const out: JobQRow[] = []
    for await (const row of jobs.list(f, opts)) out.push(row)
    return out
  }
  const [rows, times] = await Promise.all([
    collect(filters),
    collect({ ...filters, meta: ['running_time'] }).catch(() => [] as JobQRow[]),
  ])
  const started = new Map<string, unknown>()
  for (const t of times) {
    const v = (t as Record<string, unknown>).running_time
    if (typeof v === 'number') started.set(t.key, v)
  }
  if (started.size === 0) return rows
  return rows.map((r) =>
    r.running_time === undefined && started.has(r.key)
      ? { ...r, running_time: started.get(r.key) }
      : r,
  ) as JobQRow[]
}
