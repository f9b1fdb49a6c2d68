import { AbortedError, JobmetaError } from './errors.ts'
import { createJobHandle, type JobHandle } from './job.ts'
import { createProjectJobs, type ProjectJobs } from './jobs.ts'
import type { JobKey } from './key.ts'
import {
  createProjectHandle,
  createProjects,
  type ProjectHandle,
  type Projects,
} from './projects.ts'
import type { JobMetadata } from './schema.ts'
import { anySignal, type ClientOptions, Transport } from './transport.ts'

/** Result of one key in getMany: the metadata or the error. */
export interface GetManyResult {
  key: string
  meta?: JobMetadata
  error?: JobmetaError
}

/** Options of getMany. */
export interface GetManyOptions {
  /** Requests in flight at once, default 8. */
  concurrency?: number
  /** Cancels the whole batch (rejects with AbortedError). */
  signal?: AbortSignal
}

/** The Scrapy Cloud job metadata client. */
export interface Client {
  /** Operations on one job ("P/S/J", a dashboard URL, or a JobKey). */
  job(key: string | JobKey): JobHandle
  /** JobQ listing of a project (number, "P", or "P/S"). */
  jobs(project: number | string): ProjectJobs
  /** One project (number or "P"): its job counts. */
  project(project: number | string): ProjectHandle
  /** Every project the credentials read: their job counts. */
  readonly projects: Projects
  /** Metadata of many jobs with bounded concurrency; results in input order, one error per failed key. */
  getMany(keys: (string | JobKey)[], opts?: GetManyOptions): Promise<GetManyResult[]>
}

/** Create a client. Credentials are never read from the environment implicitly: see credentialsFromEnv. */
export function createClient(options: ClientOptions = {}): Client {
  const t = new Transport(options)
  const client: Client = {
    job: (key) => createJobHandle(t, key),
    jobs: (project) => createProjectJobs(t, project),
    project: (project) => createProjectHandle(t, project),
    projects: createProjects(t),
    async getMany(keys, opts = {}) {
      // NaN would make Array.from create no workers at all, and every result would be missing
      const requested = opts.concurrency ?? 8
      const concurrency = Number.isNaN(requested) ? 8 : Math.max(1, Math.floor(requested))
      const signal = anySignal([opts.signal])
      const results: GetManyResult[] = new Array(keys.length)
      let next = 0
      const worker = async (): Promise<void> => {
        while (next < keys.length) {
          const i = next++
          const input = keys[i]!
          const shown = typeof input === 'string' ? input : String(input?.key)
          if (signal?.aborted) throw new AbortedError('getMany aborted')
          try {
            const handle = client.job(input)
            results[i] = { key: handle.key.key, meta: await handle.get({ signal }) }
          } catch (error) {
            if (error instanceof AbortedError) throw error
            const e =
              error instanceof JobmetaError
                ? error
                : new JobmetaError(String(error), { cause: error })
            results[i] = { key: shown, error: e }
          }
        }
      }
      await Promise.all(Array.from({ length: Math.min(concurrency, keys.length) }, worker))
      return results
    },
  }
  return client
}
