import { expect, it } from 'vitest'
import { allowInkLiveRendering } from './ink-env.ts'

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
