/** Opens a client: against Scrapy Cloud with a key, or against the embedded demo emulator without one. */
import {
  type Client,
  type ClientOptions,
  createClient,
  type RetryInfo,
  type ValidationError,
} from '@jobmeta/core'
import { createNodeFetch } from '@jobmeta/core/node'
import type { Config } from './config.ts'

/** A ready client plus what the UI needs to say about it. */
export interface Session {
  client: Client
  /** True when talking to the embedded emulator with the demo key. */
  demo: boolean
  /** The default project (config, or the demo project). */
  project?: number
  storageUrl: string
  /**
   * Receives core's report of values of unexpected type ('warn' mode: the job is still returned).
   * The CLI prints each once on stderr; the viewer leaves it unset and marks the values instead.
   */
  onWarning?: (error: ValidationError) => void
  /** Told before each retry's wait (the CLI prints "retrying in 8s" on stderr for get and ls). */
  onRetry?: (info: RetryInfo) => void
  close(): Promise<void>
}

/** Client tuning for interactive use vs scripts (the viewer should fail fast and let the user retry). */
export type SessionMode = 'interactive' | 'script'

// On node:http rather than Node's global fetch: a one-shot command neither loads undici (its first
// call's cost) nor waits on undici's keep-alive socket before the process can exit.
function clientOptions(
  mode: SessionMode,
  retries: number | undefined,
  session: () => Session | undefined,
): Partial<ClientOptions> {
  const options: Partial<ClientOptions> =
    mode === 'interactive'
      ? { timeoutMs: 15_000, retry: { attempts: 2, baseDelayMs: 500, deadlineMs: 15_000 } }
      : {}
  // One odd value never costs a job: read in 'warn' mode, reports to the session (never console,
  // which would draw over the viewer)
  options.validation = 'warn'
  options.onWarning = (error) => session()?.onWarning?.(error)
  options.onRetry = (info) => session()?.onRetry?.(info)
  options.fetch = createNodeFetch()
  if (retries !== undefined) options.retry = retries === 0 ? false : { attempts: retries + 1 }
  return options
}

/** Creates the session; in demo mode starts the emulator on 127.0.0.1 (random port, simulation on). */
export async function openSession(
  config: Config,
  mode: SessionMode,
  simulate: boolean | { intervalMs?: number } = true,
): Promise<Session> {
  let session: Session | undefined
  const self = () => session
  if (config.apikey && !config.demo) {
    const options: ClientOptions = {
      apikey: config.apikey,
      ...clientOptions(mode, config.retries, self),
    }
    if (config.storageUrl) options.storageUrl = config.storageUrl
    if (config.jobqUrl) options.jobqUrl = config.jobqUrl
    session = {
      client: createClient(options),
      demo: false,
      storageUrl: config.storageUrl ?? 'https://storage.scrapinghub.com/',
      close: async () => {},
    }
    if (config.project !== undefined) session.project = config.project
    return session
  }
  const [{ DEMO_APIKEY, DEMO_PROJECT }, { startEmulator }] = await Promise.all([
    import('@jobmeta/emulator'),
    import('@jobmeta/emulator/node'),
  ])
  const server = await startEmulator({ port: 0, host: '127.0.0.1', simulate })
  session = {
    client: createClient({
      apikey: DEMO_APIKEY,
      storageUrl: server.url,
      ...clientOptions(mode, config.retries, self),
    }),
    demo: true,
    project: DEMO_PROJECT,
    storageUrl: server.url,
    close: () => server.close(),
  }
  return session
}
