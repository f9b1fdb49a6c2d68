import type { Hono } from 'hono'
import { createApp } from './app.ts'
import type { KeyMap } from './auth.ts'
import type { AppEnv, Clock } from './context.ts'
import { FaultController, type FaultOptions } from './faults.ts'
import { createPrng } from './prng.ts'
import { DEMO_APIKEY, DEMO_PROJECT } from './seed/demo.ts'
import { resolveSeed } from './seed/load.ts'
import { DEFAULT_RULES, type SimulationRules, simulateStep } from './simulate.ts'
import { RequestStats, type RouteStats } from './stats.ts'
import { type JobSeed, JobStore } from './store.ts'

/** Options of `createEmulator`. */
export interface EmulatorOptions {
  /** Initial jobs: the demo project (default), the odd jobs (seed/odd.ts), nothing, or explicit seeds. */
  seed?: 'demo' | 'odd' | 'empty' | JobSeed[]
  /** API key -> readable projects; default `{ [DEMO_APIKEY]: [DEMO_PROJECT] }`. */
  apikeys?: KeyMap
  /** Move jobs along on a timer (default off; `tick()` always works). */
  simulate?: boolean | { intervalMs?: number; rules?: Partial<SimulationRules> }
  /** Clock in epoch ms (default Date.now). */
  now?: () => number
  /** Draws fault shares (default: a seeded PRNG). */
  random?: () => number
}

/** A running emulator instance. */
export interface Emulator {
  /** The Hono app: `app.fetch(request)` or `app.request(path, init)`. */
  app: Hono<AppEnv>
  /** The in-memory jobs. */
  store: JobStore
  /** Request counters by route. */
  stats: {
    total(): number
    byRoute(): Record<string, RouteStats>
    reset(): void
  }
  /** Injected faults. */
  faults: { set(f: FaultOptions): void; clear(): void; current(): FaultOptions | undefined }
  /** The emulator's clock. */
  now(): number
  /** Moves the emulator's clock (tests): `advance(ms)`, `setOffset(ms)` from the base clock. */
  clock: Clock
  /** One simulation step (also driven by the timer when `simulate` is on). */
  tick(): void
  /** Stops timers. */
  close(): void
}

/** Default simulation timer interval. */
export const DEFAULT_TICK_MS = 2000

/** Creates an emulator: store seeded, app ready, simulation timer started if asked. */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const base = options.now ?? (() => Date.now())
  let offset = 0
  const clock: Clock = {
    now: () => base() + offset,
    advance: (ms) => {
      offset += ms
    },
    setOffset: (ms) => {
      offset = ms
    },
  }
  const now = clock.now
  const store = new JobStore()
  store.load(resolveSeed(options.seed ?? 'demo', now()))
  const stats = new RequestStats()
  const faults = new FaultController(options.random ?? createPrng(0x5eed))
  const keys: KeyMap = options.apikeys ?? { [DEMO_APIKEY]: [DEMO_PROJECT] }
  const simRandom = createPrng(0x51a7)
  const sim = typeof options.simulate === 'object' ? options.simulate : {}
  const rules: SimulationRules = { ...DEFAULT_RULES, ...sim.rules }
  const tick = () => simulateStep(store, now(), simRandom, rules)
  const app = createApp({ store, now, keys }, { faults, stats, store, clock, tick })
  let timer: ReturnType<typeof setInterval> | undefined
  if (options.simulate) {
    timer = setInterval(tick, sim.intervalMs ?? DEFAULT_TICK_MS)
    ;(timer as { unref?: () => void }).unref?.()
  }
  return {
    app,
    store,
    stats,
    faults,
    now,
    clock,
    tick,
    close() {
      if (timer !== undefined) clearInterval(timer)
      timer = undefined
    },
  }
}
