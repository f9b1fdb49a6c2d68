/** What the shared suites need from a platform: an app factory, a clock, and the emulator's controls. */
import type { FaultOptions } from '@jobmeta/emulator'

/** A running app under test. */
export interface AppUnderTest {
  request(path: string, init?: RequestInit): Promise<Response>
  /** moves the app's clock forward */
  advance(ms: number): void
  /** waits for the work answers left running (platform-cache writes, refreshes), where tracked */
  settle?(): Promise<void>
  /** the app's log lines */
  logs: string[]
}

/** The platform-specific parts. */
export interface Harness {
  /** 'node' or 'workerd' */
  platform: string
  /** an app with the test settings plus overrides, on a fresh cache */
  makeApp(extra?: Record<string, string>): Promise<AppUnderTest>
  /** emulator request counter: all routes, or one route key such as 'GET /jobs/:project/:spider/:job' */
  upstreamCount(route?: string): Promise<number>
  setFaults(f: FaultOptions): Promise<void>
  clearFaults(): Promise<void>
}

/** Emulator controls over HTTP (work from Node and from workerd). */
export function httpControls(
  emulatorUrl: string,
): Pick<Harness, 'upstreamCount' | 'setFaults' | 'clearFaults'> {
  return {
    async upstreamCount(route) {
      const r = await fetch(`${emulatorUrl}__emulator/stats`)
      const s = (await r.json()) as { total: number; routes: Record<string, { count: number }> }
      return route === undefined ? s.total : (s.routes[route]?.count ?? 0)
    },
    async setFaults(f) {
      const r = await fetch(`${emulatorUrl}__emulator/faults`, {
        method: 'POST',
        body: JSON.stringify(f),
        headers: { 'content-type': 'application/json' },
      })
      if (!r.ok) throw new Error(`faults refused: ${r.status} ${await r.text()}`)
    },
    async clearFaults() {
      await fetch(`${emulatorUrl}__emulator/faults`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      })
    },
  }
}

/** The route key of the job metadata GET in emulator stats. */
export const JOB_ROUTE = 'GET /jobs/:project/:spider/:job'
/** The route key of the JobQ list in emulator stats. */
export const LIST_ROUTE = 'GET /jobq/:project/list'
