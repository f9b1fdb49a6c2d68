/** Runs the edge app on Node with @hono/node-server (used by the CLI entry, tests and the bench). */
import type { AddressInfo } from 'node:net'
import { type HttpBindings, serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createNodeFetch } from '@jobmeta/core/node'
import { createApp, type EdgeDeps } from './app.ts'
import type { EdgeConfig } from './config.ts'

/** A listening edge server. */
export interface RunningEdge {
  url: string
  port: number
  close(): Promise<void>
}

/** Starts the app on host:port (port 0 = a free one); rate limiting keys on the socket address. */
export function startEdgeServer(
  config: EdgeConfig,
  options: { port?: number; host?: string; deps?: EdgeDeps } = {},
): Promise<RunningEdge> {
  const { port = 8787, host = '127.0.0.1', deps = {} } = options
  const app = createApp(config, {
    coalesce: 'shared',
    platformCache: null,
    clientId: (c) => getConnInfo(c).remote.address ?? 'unknown',
    // upstream calls on node:http: half the CPU of Node's fetch per call, which is what a miss costs
    fetch: createNodeFetch(),
    // Node's parser already holds the raw header list: no need to build a Headers object
    headerBytes: (c) => {
      let size = 0
      for (const s of (c.env as unknown as HttpBindings).incoming.rawHeaders) size += s.length + 2
      return size
    },
    ...deps,
  })
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
      server.off('error', reject)
      const shown = host.includes(':') ? `[${host}]` : host
      resolve({
        url: `http://${shown}:${info.port}/`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
          }),
      })
    })
    server.once('error', reject)
  })
}
