import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Runs in a fresh Node process: records every module URL the import resolves (a module.register
// resolve hook, messages ordered by an end marker) and counts Intl objects made while importing.
const HOOK = `
let port
export function initialize(data) { port = data.port }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context)
  port.postMessage(r.url)
  return r
}`
const SCRIPT = `
import { register } from 'node:module'
import { MessageChannel } from 'node:worker_threads'
const { port1, port2 } = new MessageChannel()
const urls = []
const END = 'data:text/javascript,export{}//end'
const ended = new Promise((resolve) => port1.on('message', (u) => (u === END ? resolve() : urls.push(u))))
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}), {
  data: { port: port2 },
  transferList: [port2],
})
let intl = 0
for (const name of ['NumberFormat', 'Collator', 'DateTimeFormat', 'PluralRules', 'Segmenter']) {
  Intl[name] = new Proxy(Intl[name], {
    construct(target, args) {
      intl++
      return Reflect.construct(target, args)
    },
  })
}
await import('./src/index.ts')
await import(END)
await ended
port1.close()
console.log(JSON.stringify({ intl, urls }))
`

function importEntry(): { intl: number; urls: string[] } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
  })
  expect(r.stderr).toBe('')
  return JSON.parse(r.stdout) as { intl: number; urls: string[] }
}

describe("importing core's entry", () => {
  const result = importEntry()

  it('loads the entry (the recorder sees it)', () => {
    expect(result.urls.some((u) => u.endsWith('/src/index.ts'))).toBe(true)
    expect(result.urls.some((u) => u.endsWith('/src/format.ts'))).toBe(true)
  })

  it('makes no Intl object (the first one loads ICU data: 10-20 ms of start-up)', () => {
    expect(result.intl).toBe(0)
  })

  it('loads no zod (about 80 ms of start-up on Node: the checks are hand-written)', () => {
    expect(result.urls.filter((u) => /\/zod\/|zod-schemas/.test(u))).toEqual([])
  })
})
