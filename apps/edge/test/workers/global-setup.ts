/** Starts the emulator on 127.0.0.1 in Node for the workerd suite, and hands its URL to the pool config. */
import { startEmulator } from '@jobmeta/emulator/node'
import type { TestProject } from 'vitest/node'
import { emulatorOptions } from '../fixtures.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    emulatorUrl: string
  }
}

/** Vitest globalSetup: starts the emulator, provides its URL, returns the teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emu = await startEmulator(emulatorOptions())
  project.provide('emulatorUrl', emu.url)
  return () => emu.close()
}
