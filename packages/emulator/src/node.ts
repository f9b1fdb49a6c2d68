import type { AddressInfo } from 'node:net'
import { type HttpBindings, serve } from '@hono/node-server'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import { createEmulator, type Emulator, type EmulatorOptions } from './emulator.ts'
import { isEmulatedReset, truncatedParts } from './faults.ts'

/** Options of `startEmulator`: emulator options plus where to listen. */
export interface StartOptions extends EmulatorOptions {
  /** Port (default 0 = a free one). */
  port?: number
  /** Host (default 127.0.0.1). */
  host?: string
}

/** A listening emulator server. */
export interface RunningEmulator {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:7070/`. */
  url: string
  port: number
  emulator: Emulator
  /** Stops the server and the emulator's timers. */
  close(): Promise<void>
}

/** Starts the emulator on a Node HTTP server; injected resets destroy the socket. */
export function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const { port = 0, host = '127.0.0.1', ...rest } = options
  const emulator = createEmulator(rest)
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        hostname: host,
        port,
        fetch: async (req, env) => {
          try {
            const res = await emulator.app.fetch(req, env)
            const cut = truncatedParts.get(res)
            if (!cut) return res
            // Write the declared length, send part of the body, then drop the connection.
            const { outgoing } = env as HttpBindings
            const headers = Object.fromEntries(res.headers)
            headers['content-length'] = String(cut.declaredLength)
            void res.body?.cancel().catch(() => {})
            outgoing.writeHead(res.status, headers)
            outgoing.write(cut.head, () => outgoing.destroy())
            return RESPONSE_ALREADY_SENT
          } catch (e) {
            if (!isEmulatedReset(e)) throw e
            const { incoming, outgoing } = env as HttpBindings
            incoming.socket.destroy()
            outgoing.destroy()
            return new Response(null, { status: 500 })
          }
        },
      },
      (info: AddressInfo) => {
        server.off('error', reject)
        const shownHost = host.includes(':') ? `[${host}]` : host
        resolve({
          url: `http://${shownHost}:${info.port}/`,
          port: info.port,
          emulator,
          close: () =>
            new Promise<void>((done, fail) => {
              emulator.close()
              server.close((err) => (err ? fail(err) : done()))
              ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
            }),
        })
      },
    )
    server.once('error', (e) => {
      emulator.close()
      reject(e)
    })
  })
}

export { createEmulator, type Emulator, type EmulatorOptions }
