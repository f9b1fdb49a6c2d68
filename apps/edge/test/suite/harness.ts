/** What the shared suites need from a platform: an app factory, a clock, and the emulator's controls. */
import type { EmulatorControl } from '@jobmeta/emulator'

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
  /** the upstream emulator's controls: request counters by route, faults, jobs, clock */
  emulator: EmulatorControl
}

/** The route key of the job metadata GET in emulator stats. */
export const JOB_ROUTE = 'GET /jobs/:project/:spider/:job'
/** The route key of the JobQ list in emulator stats. */
export const LIST_ROUTE = 'GET /jobq/:project/list'
