// Web-standard entry: nothing here (or imported from here) may use node:* modules.
export type { Access, KeyMap } from './auth.ts'
export type { Clock } from './context.ts'
export { type ControlStats, type EmulatorControl, emulatorControl } from './control-client.ts'
export { createEmulator, DEFAULT_TICK_MS, type Emulator, type EmulatorOptions } from './emulator.ts'
export {
  EmulatedResetError,
  type FaultOptions,
  faultResponse,
  isEmulatedReset,
} from './faults.ts'
export { MAX_BODY_BYTES } from './http.ts'
export { rowOf } from './jobq.ts'
export { createPrng } from './prng.ts'
export {
  DEMO_APIKEY,
  DEMO_PROJECT,
  DEMO_SPIDERS,
  demoJobs,
  type GenerateOptions,
  generateJobs,
} from './seed/demo.ts'
export { FIGURES_PROJECT, type Figures, type FiguresCase, figuresCases } from './seed/figures.ts'
export { parseSeedFile } from './seed/load.ts'
export {
  HOSTILE_TEXT,
  ODD_PROJECT,
  OSC52_CLIPBOARD,
  OSC52_PAYLOAD,
  oddJobs,
} from './seed/odd.ts'
export { DEFAULT_RULES, type SimulationRules, simulateStep } from './simulate.ts'
export type { RouteStats } from './stats.ts'
export { JOB_STATES, type JobRecord, type JobSeed, type JobState, JobStore } from './store.ts'
export { encodeJson, pyFloat } from './wire.ts'
