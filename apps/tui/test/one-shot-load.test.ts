/**
 * What the built CLI loads for a one-shot command (`get`, `ls`, `--json`: what scripts call in
 * loops). A resolve hook (module.register) writes every module URL the process resolves to a file,
 * and at exit the process writes the Node built-ins it loaded (process.moduleLoadList): no module
 * holds React (Ink's bundle does) or zod (core loads it only to describe an answer that failed its
 * checks), and Node's fetch (undici, 15-120 ms to load) is never loaded.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, TEST_KEY } from '../src/test-support.ts'
import { CLI } from './run-cli.ts'

let server: Awaited<ReturnType<typeof startTestServer>>
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(() => server.close())

const dir = mkdtempSync(join(tmpdir(), 'jobmeta-load-'))
const HOOK = `
import { appendFileSync } from 'node:fs'
let log
export function initialize(data) { log = data.log }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context)
  appendFileSync(log, r.url + '\\n')
  return r
}`
const hook = join(dir, 'hook.mjs')
writeFileSync(hook, HOOK)

/** Runs the built CLI; resolves with its exit code, stdout, and the contents of every file module it loaded. */
async function runRecorded(args: string[]): Promise<{
  code: number | null
  stdout: string
  loaded: { url: string; text: string }[]
  builtins: string[]
}> {
  const log = join(dir, `${Math.random().toString(36).slice(2)}.log`)
  writeFileSync(log, '')
  const builtins = `${log}.builtins`
  const register = [
    "import { register } from 'node:module'",
    "import { writeFileSync } from 'node:fs'",
    `register(${JSON.stringify(pathToFileURL(hook).href)}, { data: { log: ${JSON.stringify(log)} } })`,
    `process.on('exit', () => writeFileSync(${JSON.stringify(builtins)}, process.moduleLoadList.join('\\n')))`,
  ].join(';')
  const child = spawn(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(register)}`, CLI, ...args],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        SH_APIKEY: TEST_KEY,
        SHUB_STORAGE: server.url,
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  expect(stderr).toBe('')
  const urls = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))]
  const loaded = urls
    .filter((u) => u.startsWith('file:'))
    .map((url) => ({ url, text: readFileSync(new URL(url), 'utf8') }))
  return { code, stdout, loaded, builtins: readFileSync(builtins, 'utf8').split('\n') }
}

describe('one-shot commands load no more than they need', () => {
  // `get` of fields or JSON draws no table: string-width (Unicode tables, an Intl.Segmenter) stays out
  it.each([
    [['get', '1/1/1', 'state'], 'finished\n', ['p{RGI_Emoji}']],
    [['get', '1/1/1', '--json'], '"key":"1/1/1"', ['p{RGI_Emoji}']],
    [['ls', '1', '--count', '2'], '1/', []],
    [['1', '--json'], '"key"', []],
  ])('jobmeta %j', async (args, expected, absent) => {
    const { code, stdout, loaded, builtins } = await runRecorded(args)
    expect(code).toBe(0)
    expect(stdout).toContain(expected)
    // the recorder works: the entry itself is among the modules
    expect(loaded.map((m) => m.url)).toContain(pathToFileURL(CLI).href)
    for (const m of loaded) {
      // React elements are made with these symbols; Ink's bundle holds React
      expect(m.text, m.url).not.toContain('Symbol.for("react.')
      // zod names its classes with these strings
      expect(m.text, m.url).not.toContain('"$ZodType"')
      for (const marker of absent) expect(m.text, m.url).not.toContain(marker)
    }
    expect(builtins).toContain('NativeModule http')
    expect(builtins.filter((b) => b.includes('undici'))).toEqual([])
  })
})
