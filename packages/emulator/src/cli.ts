#!/usr/bin/env -S npx tsx
import { realpathSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { KeyMap } from './auth.ts'
import { startEmulator } from './node.ts'
import { DEMO_APIKEY, DEMO_PROJECT } from './seed/demo.ts'
import { parseSeedFile } from './seed/load.ts'
import type { JobSeed } from './store.ts'

const USAGE = `usage: jobmeta-emulator [--port 7070] [--host 127.0.0.1] [--seed demo|odd|empty|FILE.json]
                        [--apikey KEY]... [--simulate]

A local stand-in for Scrapy Cloud's storage and JobQ API (test and demo use).
  --port N       port to listen on (default 7070; 0 picks a free one)
  --host H       interface to bind (default 127.0.0.1)
  --seed S       demo (default), odd (unusual and hostile metadata, project 424242),
                 empty, or a JSON file: [{"key": "P/S/J", ...metadata}, ...]
  --apikey KEY   also accept KEY, reading every project (repeatable)
  --simulate     move jobs along: pending -> running -> finished, with growing stats
The demo key ${DEMO_APIKEY} reads the demo project ${DEMO_PROJECT}.`

/** Parsed command line of the launcher. */
export interface CliOptions {
  port: number
  host: string
  seed: string
  apikeys: string[]
  simulate: boolean
}

/** Parses the launcher's arguments; throws a TypeError with a message for bad ones. */
export function parseCli(argv: string[]): CliOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '7070' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: 'demo' },
      apikey: { type: 'string', multiple: true, default: [] },
      simulate: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) return 'help'
  if (positionals.length) throw new TypeError(`unexpected argument: ${positionals[0]}`)
  if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65535)
    throw new TypeError(`--port must be an integer 0-65535, got ${values.port}`)
  if (!values.host) throw new TypeError('--host must not be empty')
  if (values.apikey.some((k) => !k)) throw new TypeError('--apikey must not be empty')
  return {
    port: Number(values.port),
    host: values.host,
    seed: values.seed,
    apikeys: values.apikey,
    simulate: values.simulate,
  }
}

async function loadSeed(seed: string): Promise<'demo' | 'odd' | 'empty' | JobSeed[]> {
  if (seed === 'demo' || seed === 'odd' || seed === 'empty') return seed
  const text = await readFile(seed, 'utf8')
  return parseSeedFile(JSON.parse(text))
}

async function main(argv: string[]): Promise<void> {
  let options: CliOptions | 'help'
  try {
    options = parseCli(argv)
  } catch (e) {
    process.stderr.write(`jobmeta-emulator: ${(e as Error).message}\n${USAGE}\n`)
    process.exit(2)
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  let seed: 'demo' | 'odd' | 'empty' | JobSeed[]
  try {
    seed = await loadSeed(options.seed)
  } catch (e) {
    process.stderr.write(
      `jobmeta-emulator: cannot load seed ${options.seed}: ${(e as Error).message}\n`,
    )
    process.exit(2)
  }
  const apikeys: KeyMap = { [DEMO_APIKEY]: [DEMO_PROJECT] }
  for (const key of options.apikeys) apikeys[key] = '*'
  const server = await startEmulator({
    port: options.port,
    host: options.host,
    seed,
    apikeys,
    simulate: options.simulate,
  }).catch((e: Error) => {
    process.stderr.write(
      `jobmeta-emulator: cannot listen on ${options.host}:${options.port}: ${e.message}\n`,
    )
    process.exit(1)
  })
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host
  process.stdout.write(`listening on http://${shownHost}:${server.port}\n`)
  process.stdout.write(
    `${server.emulator.store.size} jobs; demo key ${DEMO_APIKEY} reads project ${DEMO_PROJECT}` +
      `${options.simulate ? '; simulating' : ''}\n`,
  )
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

function isEntryPoint(): boolean {
  const script = process.argv[1]
  if (!script) return false
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

if (isEntryPoint()) void main(process.argv.slice(2))
