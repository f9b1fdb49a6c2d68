import { describe, expect, it } from 'vitest'
import { emulatorGlobalSetup } from './vitest-setup.ts'

describe('emulatorGlobalSetup', () => {
  it('starts an emulator on 127.0.0.1, provides its URL, and its teardown stops it', async () => {
    const provided: Record<string, string> = {}
    const teardown = await emulatorGlobalSetup({ seed: [{ key: '9/1/1', state: 'running' }] })({
      provide: (key, value) => {
        provided[key] = value
      },
    })
    const url = provided.emulatorUrl!
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    expect((await fetch(new URL('__emulator/stats', url))).status).toBe(200)
    await teardown()
    await expect(fetch(new URL('__emulator/stats', url))).rejects.toThrow()
  })
})
