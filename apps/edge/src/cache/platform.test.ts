import { describe, expect, it } from 'vitest'
import { type CacheLike, defaultPlatformCache, platformCache } from './platform.ts'

function memoryCache(): CacheLike & { keys: string[] } {
  const m = new Map<string, string>()
  return {
    keys: [],
    async match(req) {
      const body = m.get(String(req))
      return body === undefined ? undefined : new Response(body)
    },
    async put(req, res) {
      this.keys.push(String(req))
      m.set(String(req), await res.text())
    },
  }
}

const entry = {
  value: { state: 'finished' },
  body: '{"state":"finished"}',
  etag: '"e"',
  storedAt: 5,
  ttl: 60,
}

describe('platform cache', () => {
  it('round-trips an entry under a synthetic, encoded URL', async () => {
    const mem = memoryCache()
    const pc = platformCache(mem)
    await pc.put('job:1/2/3', entry, 100)
    expect(await pc.get('job:1/2/3')).toEqual(entry)
    expect(mem.keys[0]).toBe('https://jobmeta-edge.cache.internal/v1/job%3A1%2F2%2F3')
    expect(await pc.get('job:9/9/9')).toBeUndefined()
  })

  it('reads failures and garbage as a miss, and skips failing writes', async () => {
    const broken: CacheLike = {
      match: async () => new Response('not json'),
      put: async () => {
        throw new Error('quota')
      },
    }
    const pc = platformCache(broken)
    expect(await pc.get('k')).toBeUndefined()
    await expect(pc.put('k', entry, 10)).resolves.toBeUndefined()
  })

  it('is absent on Node', () => {
    expect(defaultPlatformCache()).toBeUndefined()
  })
})
