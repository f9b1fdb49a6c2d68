import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  ForbiddenError,
  NetworkError,
  RateLimitedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  ValidationError,
} from '@jobmeta/core'
import { afterAll, describe, expect, it } from 'vitest'
import { parseConfig } from './config.ts'
import { createUpstream, toUpstreamFailure, UpstreamFailure } from './upstream.ts'

describe('toUpstreamFailure', () => {
  it('maps credentials problems to a non-staleable misconfiguration', () => {
    for (const e of [
      new UnauthorizedError('x', { status: 401 }),
      new ForbiddenError('x', { status: 403 }),
    ]) {
      expect(toUpstreamFailure(e)).toMatchObject({
        kind: 'upstream-misconfigured',
        staleable: false,
      })
    }
  })

  it('maps timeouts, 5xx, 429 and network errors to staleable failures', () => {
    expect(toUpstreamFailure(new TimeoutError('t'))).toMatchObject({
      kind: 'upstream-timeout',
      staleable: true,
    })
    expect(toUpstreamFailure(new ServerError('s', { status: 504 }))).toMatchObject({
      kind: 'upstream-timeout',
    })
    expect(
      toUpstreamFailure(new ServerError('s', { status: 503, retryAfterMs: 2500 })),
    ).toMatchObject({
      kind: 'upstream-unavailable',
      retryAfter: 3,
    })
    expect(toUpstreamFailure(new ServerError('s', { status: 500 }))).toMatchObject({
      kind: 'upstream-error',
    })
    expect(
      toUpstreamFailure(new RateLimitedError('r', { status: 429, retryAfterMs: 1000 })),
    ).toMatchObject({
      kind: 'upstream-unavailable',
      retryAfter: 1,
      staleable: true,
    })
    expect(toUpstreamFailure(new NetworkError('n'))).toMatchObject({
      kind: 'upstream-error',
      staleable: true,
    })
    expect(toUpstreamFailure(new ValidationError('v', [], ''))).toMatchObject({
      kind: 'upstream-error',
    })
    expect(toUpstreamFailure(new TypeError('fetch failed'))).toMatchObject({
      kind: 'upstream-error',
    })
  })

  it('keeps nothing of the upstream message', () => {
    const f = toUpstreamFailure(
      new ServerError('GET https://storage/jobs/1/2/3 -> 500: secret detail', { status: 500 }),
    )
    expect(f.message).toBe('upstream-error')
  })
})

describe('createUpstream and redirects', () => {
  const servers: Server[] = []
  const listen = async (handler: Parameters<typeof createServer>[1]) => {
    const server = createServer(handler)
    servers.push(server)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  }
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
  })

  it('never follows a redirect: a 3xx is an upstream error and the target is never asked', async () => {
    let followed = 0
    const target = await listen((_req, res) => {
      followed++
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"state":"finished","spider":"foreign"}')
    })
    const logs: string[] = []
    for (const status of [301, 302, 303, 307, 308]) {
      const redirecting = await listen((req, res) => {
        res.writeHead(status, { location: `${target}${req.url?.slice(1) ?? ''}` })
        res.end()
      })
      const up = createUpstream(
        parseConfig({ SHUB_APIKEY: 'k'.repeat(32), SHUB_STORAGE: redirecting }),
        undefined,
        (l) => logs.push(l),
      )
      const e = await up.job({ project: 1, spider: 2, job: 3, key: '1/2/3' }).catch((x) => x)
      expect(e).toBeInstanceOf(UpstreamFailure)
      expect(e).toMatchObject({ kind: 'upstream-error', staleable: true, wide: false })
      await expect(up.list(1, { state: ['finished'], count: 5 })).rejects.toBeInstanceOf(
        UpstreamFailure,
      )
    }
    expect(followed).toBe(0)
    expect(logs).toContain('upstream answered a redirect (302); redirects are never followed')
  })
})
