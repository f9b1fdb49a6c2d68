// A vitest globalSetup helper: one emulator on 127.0.0.1 in Node for a test run (the workerd pools
// cannot start servers), its URL handed to the tests as `inject('emulatorUrl')`.
import { type RunningEmulator, type StartOptions, startEmulator } from './node.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The base URL of the emulator started by `emulatorGlobalSetup` / `provideEmulator`. */
    emulatorUrl: string
  }
}

/** The part of vitest's TestProject a global setup uses. */
export interface Provider {
  provide(key: 'emulatorUrl', value: string): void
}

/** Starts an emulator on 127.0.0.1 (a free port) and provides its URL as `emulatorUrl`. */
export async function provideEmulator(
  project: Provider,
  options: Omit<StartOptions, 'host' | 'port'> = {},
): Promise<RunningEmulator> {
  const emulator = await startEmulator({ ...options, host: '127.0.0.1', port: 0 })
  project.provide('emulatorUrl', emulator.url)
  return emulator
}

/**
 * A vitest globalSetup function: `export default emulatorGlobalSetup({ seed, apikeys })`. The
 * emulator runs for the whole test run; its teardown closes it.
 */
export function emulatorGlobalSetup(
  options: Omit<StartOptions, 'host' | 'port'> = {},
): (project: Provider) => Promise<() => Promise<void>> {
  return async (project) => {
    const emulator = await provideEmulator(project, options)
    return () => emulator.close()
  }
}
