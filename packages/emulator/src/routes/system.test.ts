import { describe, expect, it } from 'vitest'
import { createEmulator } from '../index.ts'

describe('GET /system/ts', () => {
  it('answers the emulator clock in epoch ms, without a key', async () => {
    let clock = 1_700_000_000_123
    const emulator = createEmulator({ seed: 'empty', now: () => clock })
    const res = await emulator.app.request('/system/ts')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8')
    expect(await res.text()).toBe('1700000000123')
    clock += 5
    expect(await (await emulator.app.request('/system/ts')).json()).toBe(1_700_000_000_128)
  })
})
