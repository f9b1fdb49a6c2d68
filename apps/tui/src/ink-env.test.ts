import { expect, it } from 'vitest'
import { allowInkLiveRendering, withoutGlobalFetch } from './ink-env.ts'

it('removes the variables that make Ink print only the last frame, and nothing else', () => {
  const env: Record<string, string | undefined> = {
    CI: 'true',
    CONTINUOUS_INTEGRATION: '1',
    CI_JOB_ID: '7',
    HOME: '/home/x',
  }
  allowInkLiveRendering(env)
  expect(env).toEqual({ CI_JOB_ID: '7', HOME: '/home/x' })
  expect('CI' in env).toBe(false)
})

it('hides the global fetch while the viewer loads and puts the same one back, also on failure', async () => {
  const before = globalThis.fetch
  let seen: unknown = 'not called'
  const loaded = await withoutGlobalFetch(async () => {
    seen = typeof globalThis.fetch
    return 'loaded'
  })
  expect(loaded).toBe('loaded')
  expect(seen).toBe('undefined')
  expect(globalThis.fetch).toBe(before)
  await expect(
    withoutGlobalFetch(async () => {
      throw new Error('no viewer')
    }),
  ).rejects.toThrow('no viewer')
  expect(globalThis.fetch).toBe(before)
})
