import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createApp } from '../src/app.ts'
import { parseConfig } from '../src/config.ts'
import { startEdgeServer } from '../src/node-server.ts'
import { leaksKey, PROJECT, TEST_KEY, testEnv } from './fixtures.ts'
import { nodeHarness } from './node-harness.ts'
import { securitySuite } from './suite/security.ts'

const h = nodeHarness()
securitySuite(h, 2000)

describe('upstream requests (Node)', () => {
  it('go only to the fixed host and path shapes, with the key added server-side and nothing from the client', async () => {
    const seen: { url: string; headers: Headers }[] = []
    const recording: typeof fetch = async (input, init) => {
      const req = new Request(input, init)
      seen.push({ url: req.url, headers: req.headers })
      return fetch(req)
    }
    const app = h.app({}, { fetch: recording })
    const client = {
      authorization: 'Basic YXR0YWNrZXI6',
      cookie: 'session=s3cr3t',
      'x-forwarded-host': 'evil.example',
    }
    await app.request(`/jobs/${PROJECT}/1/40`, { headers: client })
    await app.request(`/jobs/${PROJECT}/1/41/state`, { headers: client })
    await app.request(`/jobs/${PROJECT}/1/42/badge.svg?label=x`, { headers: client })
    await app.request(`/projects/${PROJECT}/jobs?state=running&spider=books&tag=nightly&count=5`, {
      headers: client,
    })
    expect(seen.length).toBe(4)
    const base = h.url()
    for (const s of seen) {
      expect(s.url.startsWith(base)).toBe(true)
      const rest = s.url.slice(base.length)
      expect(rest).toMatch(/^(jobs\/777\/1\/4[0-2](\?.*)?|jobq\/777\/list\?.*)$/)
      expect(rest).not.toContain('label')
      expect(s.headers.get('cookie')).toBeNull()
      expect(s.headers.get('x-forwarded-host')).toBeNull()
      const auth = s.headers.get('authorization')
      expect(auth === `Basic ${btoa(`${TEST_KEY}:`)}` || rest.includes('apikey=')).toBe(true)
    }
    // the free-text filters are applied by the worker: only bounded values go upstream
    expect(seen[3]!.url).toContain('count=100')
    expect(seen[3]!.url).not.toMatch(/has_tag|nightly|spider|books/)
  })

  it('keeps the key out of every log line', async () => {
    const app = h.app()
    await h.emulator.setFaults({ errorRate: 1, status: 503, match: `/jobs/${PROJECT}/1/50` })
    await app.request(`/jobs/${PROJECT}/1/50`)
    await h.emulator.clearFaults()
    const bad = createApp(
      parseConfig(testEnv(h.url(), { SHUB_APIKEY: 'ffffffffffffffffffffffffffffffff' })),
      {
        platformCache: null,
        log: (l) => h.logs.push(l),
      },
    )
    await bad.request(`/jobs/${PROJECT}/1/51`)
    expect(h.logs.length).toBeGreaterThan(0)
    for (const l of h.logs) expect(leaksKey(l) || l.includes('ffffffffffffffff')).toBe(false)
  })
})

/** Sends one raw HTTP/1.1 request line (no client-side URL parsing) and returns the raw answer. */
function rawGet(port: number, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)
    })
    let data = ''
    socket.setEncoding('latin1')
    socket.on('data', (d: string) => {
      data += d
    })
    socket.on('end', () => resolve(data))
    socket.on('error', reject)
  })
}

describe('dot segments on the Node entry (raw request lines over a socket)', () => {
  it('are resolved before the worker sees the path, so no dot-segment rule is needed', async () => {
    const server = await startEdgeServer(parseConfig(testEnv(h.url())), {
      port: 0,
      deps: { log: () => undefined },
    })
    try {
      const up = await rawGet(server.port, `/jobs/${PROJECT}/1/1/../2`)
      expect(up).toMatch(/^HTTP\/1\.1 200 /)
      expect(up).toContain(`"key":"${PROJECT}/1/2"`)
      const encoded = await rawGet(server.port, `/jobs/${PROJECT}/1/1/%2e%2e/3`)
      expect(encoded).toContain(`"key":"${PROJECT}/1/3"`)
      const dot = await rawGet(server.port, `/jobs/${PROJECT}/./1/4`)
      expect(dot).toContain(`"key":"${PROJECT}/1/4"`)
      // not a dot segment: refused by the character rule
      const inside = await rawGet(server.port, `/jobs/${PROJECT}/1/1/a%2e%2e`)
      expect(inside).toMatch(/^HTTP\/1\.1 400 /)
      expect(inside).toContain('urn:jobmeta:problem:invalid-path')
    } finally {
      await server.close()
    }
  })
})
