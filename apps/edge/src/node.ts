/** Node entry: `pnpm edge [--port 8787] [--host 127.0.0.1]`. Without SHUB_APIKEY it serves the embedded emulator's demo project. */
import { DEMO_APIKEY, DEMO_PROJECT } from '@jobmeta/emulator'
import { startEmulator } from '@jobmeta/emulator/node'
import { ConfigError, parseConfig } from './config.ts'
import { startEdgeServer } from './node-server.ts'

function arg(name: string): string | undefined {
  const argv = process.argv.slice(2)
  const i = argv.indexOf(`--${name}`)
  if (i !== -1) return argv[i + 1]
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
}

function fail(message: string): never {
  console.error(`jobmeta-edge: ${message}`)
  process.exit(1)
}

async function main(): Promise<void> {
  const portText = arg('port') ?? process.env.PORT ?? '8787'
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535)
    fail(`--port must be a port number, got "${portText}"`)
  const host = arg('host') ?? process.env.HOST ?? '127.0.0.1'

  const env: Record<string, string | undefined> = { ...process.env }
  let closeEmulator: (() => Promise<void>) | undefined
  if (!env.SHUB_APIKEY) {
    const emu = await startEmulator({ simulate: true })
    closeEmulator = emu.close
    env.SHUB_APIKEY = DEMO_APIKEY
    env.SHUB_STORAGE = emu.url
    env.SHUB_JOBQ = emu.url
    env.PUBLIC_PROJECTS ??= String(DEMO_PROJECT)
    console.log(
      `No SHUB_APIKEY set: serving the embedded emulator (${emu.url}, simulated jobs) with its demo project ${DEMO_PROJECT} public.`,
    )
  }

  let config: ReturnType<typeof parseConfig>
  try {
    config = parseConfig(env)
  } catch (e) {
    await closeEmulator?.()
    if (e instanceof ConfigError) fail(`configuration error: ${e.message}`)
    throw e
  }
  const server = await startEdgeServer(config, { port: Number(portText), host })
  const projects = [...config.publicProjects].join(', ') || 'none (set PUBLIC_PROJECTS)'
  console.log(`jobmeta edge listening on ${server.url} (public projects: ${projects})`)
  const stop = async () => {
    await server.close()
    await closeEmulator?.()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((e: unknown) => fail(e instanceof Error ? e.message : 'failed to start'))
