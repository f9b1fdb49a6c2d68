/** The Node harness: the real emulator on 127.0.0.1 and apps driven through app.request. */
import { type EmulatorControl, emulatorControl } from '@jobmeta/emulator'
import { startEmulator } from '@jobmeta/emulator/node'
import { afterAll, beforeAll } from 'vitest'
import { createApp, type EdgeDeps } from '../src/app.ts'
import { parseConfig } from '../src/config.ts'
import { emulatorOptions, testEnv } from './fixtures.ts'
import type { AppUnderTest, Harness } from './suite/harness.ts'

/** A started emulator plus a Harness over it; `logs` collects every log line of every app. */
export function nodeHarness(): Harness & {
  url: () => string
  logs: string[]
  app(extra?: Record<string, string>, deps?: EdgeDeps): AppUnderTest
} {
  let emu: Awaited<ReturnType<typeof startEmulator>> | undefined
  let control: EmulatorControl | undefined
  const logs: string[] = []
  beforeAll(async () => {
    emu = await startEmulator(emulatorOptions())
    control = emulatorControl(emu.url)
  })
  afterAll(async () => {
    await emu?.close()
  })
  const app = (extra: Record<string, string> = {}, deps: EdgeDeps = {}): AppUnderTest => {
    let offset = 0
    const own: string[] = []
    const a = createApp(parseConfig(testEnv(emu!.url, extra)), {
      now: () => Date.now() + offset,
      platformCache: null,
      coalesce: 'shared',
      log: (l) => {
        logs.push(l)
        own.push(l)
      },
      ...deps,
    })
    return {
      logs: own,
      request: async (path, init) => a.request(path, init),
      advance: (ms) => {
        offset += ms
      },
    }
  }
  return {
    platform: 'node',
    url: () => emu!.url,
    logs,
    app,
    makeApp: async (extra) => app(extra),
    // known once beforeAll has started the emulator
    get emulator() {
      return control!
    },
  } as Harness & { url: () => string; logs: string[]; app: typeof app }
}
