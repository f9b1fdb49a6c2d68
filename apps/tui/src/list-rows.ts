/** Reads JobQ rows plus each job's `running_time`, so the run time of finished jobs can be shown. */
import type { Client, JobQRow, ListFilters } from '@jobmeta/core'

async function collect(
  client: Client,
  project: number,
  filters: ListFilters,
  signal?: AbortSignal,
) {
  const out: JobQRow[] = []
  for await (const row of client.jobs(project).list(filters, signal ? { signal } : {}))
    out.push(row)
  return out
}

/** The rows of one JobQ list request. */
export function fetchRows(
  client: Client,
  project: number,
  filters: ListFilters,
  signal?: AbortSignal,
): Promise<JobQRow[]> {
  return collect(client, project, filters, signal)
}

/**
 * The same selection read with `jobmeta=running_time` (JobQ rows carry only the current state's
 * time): job key -> start time. One request per page instead of one per job; empty on failure.
 */
export async function fetchRunningTimes(
  client: Client,
  project: number,
  filters: ListFilters,
  signal?: AbortSignal,
): Promise<Map<string, number>> {
  const started = new Map<string, number>()
  try {
    for (const t of await collect(
      client,
      project,
      { ...filters, meta: ['running_time'] },
      signal,
    )) {
      const v = (t as Record<string, unknown>).running_time
      if (typeof v === 'number') started.set(t.key, v)
    }
  } catch {
    // Run times are a nicety: the rows are shown without them.
  }
  return started
}

/** Rows with `running_time` filled in from `started` where they lack it. */
export function withRunningTimes(rows: JobQRow[], started: ReadonlyMap<string, number>): JobQRow[] {
  if (started.size === 0) return rows
  return rows.map((r) =>
    r.running_time === undefined && started.has(r.key)
      ? { ...r, running_time: started.get(r.key) }
      : r,
  ) as JobQRow[]
}

/** Both reads in parallel, merged (for `ls`, which prints once). */
export async function listRows(
  client: Client,
  project: number,
  filters: ListFilters,
  signal?: AbortSignal,
): Promise<JobQRow[]> {
  const [rows, started] = await Promise.all([
    fetchRows(client, project, filters, signal),
    fetchRunningTimes(client, project, filters, signal),
  ])
  return withRunningTimes(rows, started)
}
