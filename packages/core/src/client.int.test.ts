import { type RunningEmulator, startEmulator } from '@jobmeta/emulator/node'
import { afterAll, beforeAll } from 'vitest'
import { APIKEYS, SEEDS } from '../test/emulator.ts'
import { clientSuite } from '../test/suite.ts'

let server: RunningEmulator

beforeAll(async () => {
  server = await startEmulator({ port: 0, seed: SEEDS, apikeys: APIKEYS })
})
afterAll(async () => {
  await server?.close()
})

clientSuite(() => server.url)
