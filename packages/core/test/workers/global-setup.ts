import { startEmulator } from '@jobmeta/emulator/node'
import type { TestProject } from 'vitest/node'
import { APIKEYS, SEEDS } from '../emulator.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    emulatorUrl: string
  }
}

/** Start one emulator on 127.0.0.1 for the workerd run and hand its URL to the tests. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startEmulator({ port: 0, host: '127.0.0.1', seed: SEEDS, apikeys: APIKEYS })
  project.provide('emulatorUrl', server.url)
  return () => server.close()
}
