import { describe, expect, it } from 'vitest'
import { bindingRateLimiter, memoryRateLimiter } from './rate-limit.ts'

describe('memoryRateLimiter', () => {
  it('lets `limit` requests through per window and client, then refuses with a retry time', () => {
    let t = 0
    const rl = memoryRateLimiter(2, 10, () => t)
    expect(rl.limit('a')).toEqual({ success: true })
    expect(rl.limit('a')).toEqual({ success: true })
    expect(rl.limit('a')).toEqual({ success: false, retryAfter: 10 })
    expect(rl.limit('b')).toEqual({ success: true })
    t = 4_000
    expect(rl.limit('a')).toEqual({ success: false, retryAfter: 6 })
    t = 10_000
    expect(rl.limit('a')).toEqual({ success: true })
  })

  it('tracks a bounded number of clients', () => {
    const t = 0
    const rl = memoryRateLimiter(1, 60, () => t, 3)
    for (const c of ['a', 'b', 'c', 'd']) rl.limit(c)
    // 'a' was dropped as the oldest window, so it starts afresh
    expect(rl.limit('a')).toEqual({ success: true })
    expect(rl.limit('d')).toEqual({ success: false, retryAfter: 60 })
  })
})

describe('bindingRateLimiter', () => {
  it('asks the binding with the client as key', async () => {
    const keys: string[] = []
    const rl = bindingRateLimiter(
      {
        async limit({ key }) {
          keys.push(key)
          return { success: keys.length < 2 }
        },
      },
      60,
    )
    expect(await rl.limit('1.2.3.4')).toEqual({ success: true })
    expect(await rl.limit('1.2.3.4')).toEqual({ success: false, retryAfter: 60 })
    expect(keys).toEqual(['1.2.3.4', '1.2.3.4'])
  })
})
