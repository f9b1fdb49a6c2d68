import { createEmulator, DEMO_APIKEY, DEMO_PROJECT } from '@jobmeta/emulator'
import { describe, expect, it } from 'vitest'
import { createClient } from './client.ts'

describe('getMany', () => {
  it('a concurrency that is not a number still fetches every key', async () => {
    const emulator = createEmulator()
    const client = createClient({
      apikey: DEMO_APIKEY,
      storageUrl: 'http://emulator.test/',
      fetch: async (input, init) => emulator.app.fetch(new Request(input, init)),
    })
    const keys = [`${DEMO_PROJECT}/1/1`, `${DEMO_PROJECT}/1/2`]
    for (const concurrency of [Number.NaN, Number.POSITIVE_INFINITY, 0, -3, 1.5]) {
      const results = await client.getMany(keys, { concurrency })
      expect(results.map((r) => r.key)).toEqual(keys)
      for (const r of results) expect(r.meta?.project ?? r.error?.name).toBe(DEMO_PROJECT)
    }
    emulator.close()
  })
})
