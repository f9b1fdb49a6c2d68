/** Starts the emulator (and a redirecting server in front of it) on 127.0.0.1 in Node for the workerd suite, and hands their URLs to the pool config. */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { provideEmulator } from '@jobmeta/emulator/vitest'
import type { TestProject } from 'vitest/node'
import { emulatorOptions } from '../fixtures.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    redirectUrl: string
  }
}

/** Vitest globalSetup: starts the emulator and the redirecting server, provides their URLs, returns the teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emu = await provideEmulator(project, emulatorOptions())
  const redirect = createServer((req, res) => {
    res.writeHead(302, { location: `${emu.url}${(req.url ?? '/').slice(1)}` })
    res.end()
  })
  await new Promise<void>((r) => redirect.listen(0, '127.0.0.1', r))
  project.provide('redirectUrl', `http://127.0.0.1:${(redirect.address() as AddressInfo).port}/`)
  return async () => {
    await new Promise((r) => redirect.close(r))
    await emu.close()
  }
}
