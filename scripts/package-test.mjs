#!/usr/bin/env node
// The package test (`pnpm test:packages`, run by .ci/run): packs the public packages as they would be
// published, installs the tarballs with plain npm into temporary folders outside the repository, and
// uses them there: @jobmeta/core from a consumer project under Node, Deno and Bun and, bundled by
// esbuild, in headless Chromium, all against an emulator on 127.0.0.1; @jobmeta/tui installed
// globally (`npm i -g`) and run as `jobmeta`. It also lints the tarballs (publint, attw), dry-runs
// the edge worker's deployment and checks that `pnpm jobmeta` prints only the program's output.
// Every process gets an explicit environment; everything started or written is removed on exit.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { homedir, tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** Runtimes installed from npm for the test (their packages ship the binaries). */
const RUNTIMES = { deno: '2.9.6', bun: '1.4.5' }
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium'
/** Any key: the emulator is started with `--apikey` for it (reads every project). */
const APIKEY = '0123456789abcdef0123456789abcdef'
const PROJECT = 123456

// ---- temporary folders, child processes, clean-up ---------------------------------------------

const TMP = mkdtempSync(join(tmpdir(), 'jobmeta-package-test-'))
if (TMP.startsWith(ROOT)) throw new Error(`the temporary folder ${TMP} is inside the repository`)
const HOME = join(TMP, 'home')
const children = new Set()

/** Signals a child started by this script and whatever it started (its own process group). */
function kill(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}

function cleanUp() {
  for (const child of children) kill(child, 'SIGKILL')
  rmSync(TMP, { recursive: true, force: true })
}
process.on('exit', cleanUp)
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143))

/**
 * The whole environment of a child process: PATH, a fresh HOME, a UTF-8 locale and `extra`.
 * Only npm's cache (offline-friendly) and, when the caller sets them, its registry and proxies
 * are taken from the caller.
 */
function envOf(extra = {}) {
  const env = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME,
    LANG: 'C.UTF-8',
    TMPDIR: join(TMP, 'tmp'),
    npm_config_cache: process.env.npm_config_cache ?? join(homedir(), '.npm'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_ignore_scripts: 'false',
  }
  for (const name of [
    'npm_config_registry',
    'HTTPS_PROXY',
    'HTTP_PROXY',
    'NO_PROXY',
    'https_proxy',
    'http_proxy',
    'no_proxy',
  ])
    if (process.env[name]) env[name] = process.env[name]
  return { ...env, ...extra }
}

/** Runs a command to its end (killed after `timeoutMs`); rejects on a non-zero exit. */
function run(command, args, { cwd = TMP, env = envOf(), timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    children.add(child)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => kill(child, 'SIGKILL'), timeoutMs)
    child.on('error', (e) => {
      clearTimeout(timer)
      children.delete(child)
      reject(e)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      children.delete(child)
      const result = { code, stdout, stderr, ms: performance.now() - started }
      if (code === 0) resolve(result)
      else {
        const why = signal ? `killed by ${signal}` : `exit ${code}`
        const output = `${stdout}${stderr}`.trim().split('\n').slice(-15).join('\n')
        reject(new Error(`${command} ${args.join(' ')}: ${why}\n${output}`))
      }
    })
  })
}

/** Starts a long-running process and resolves with the first match of `ready` in its stdout. */
function startUntil(command, args, ready, { cwd, env = envOf(), timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    children.add(child)
    let out = ''
    const timer = setTimeout(() => {
      kill(child, 'SIGKILL')
      reject(new Error(`${command}: not ready after ${timeoutMs} ms:\n${out}`))
    }, timeoutMs)
    const onData = (d) => {
      out += d
      const m = ready.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ child, match: m })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', (d) => (out += d))
    child.on('exit', (code) => {
      children.delete(child)
      clearTimeout(timer)
      reject(new Error(`${command} exited (${code}) before it was ready:\n${out}`))
    })
  })
}

// ---- checks and the closing report --------------------------------------------------------------

const results = []

/** Runs one named check; a thrown error fails it with its message, and the run goes on. */
async function check(name, fn) {
  try {
    const detail = await fn()
    results.push({ name, ok: true })
    console.log(`✓ ${name}${detail ? `: ${detail}` : ''}`)
  } catch (e) {
    results.push({ name, ok: false })
    console.log(`✗ ${name}: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/** The value, or an error saying which earlier step did not give it. */
function need(value, what) {
  if (value === undefined) throw new Error(`not run: ${what} failed`)
  return value
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`

/** Lists a tarball's files (paths without the leading `package/`). */
async function tarballFiles(tarball) {
  const { stdout } = await run('tar', ['tzf', tarball])
  return stdout
    .trim()
    .split('\n')
    .map((f) => f.replace(/^package\//, ''))
}

/** Reads one file out of a tarball. */
async function tarballFile(tarball, path) {
  return (await run('tar', ['xzf', tarball, '-O', `package/${path}`])).stdout
}

/** `pnpm pack` of a workspace package (its prepack script builds it); returns the tarball's path. */
async function pack(dir) {
  const out = join(TMP, 'tarballs')
  mkdirSync(out, { recursive: true })
  const before = new Set(readdirSync(out))
  await run('pnpm', ['pack', '--pack-destination', out], { cwd: join(ROOT, dir) })
  const made = readdirSync(out).filter((f) => !before.has(f) && f.endsWith('.tgz'))
  assert.equal(made.length, 1, `expected one new tarball in ${out}, got ${made.join(', ')}`)
  return join(out, made[0])
}

function noWorkspaceRanges(manifest) {
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'])
    for (const [name, range] of Object.entries(manifest[field] ?? {}))
      assert.doesNotMatch(range, /^(workspace|catalog):/, `${field}.${name} is ${range}`)
}

// ---- the steps ------------------------------------------------------------------------------------

mkdirSync(HOME)
mkdirSync(join(TMP, 'tmp'))
const rootPkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'))
const corePkg = JSON.parse(await readFile(join(ROOT, 'packages/core/package.json'), 'utf8'))
const tuiPkg = JSON.parse(await readFile(join(ROOT, 'apps/tui/package.json'), 'utf8'))
console.log(`package test in ${TMP} (${rootPkg.name}, Node ${process.version})`)

let coreTgz
await check(`pack @jobmeta/core ${corePkg.version}`, async () => {
  const tgz = await pack('packages/core')
  const files = await tarballFiles(tgz)
  for (const f of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts'])
    assert.ok(files.includes(f), `${f} is not in the tarball`)
  const strays = files.filter((f) => f.startsWith('src/') || /\.test\./.test(f))
  assert.deepEqual(strays, [], 'sources or tests in the tarball')
  const manifest = JSON.parse(await tarballFile(tgz, 'package.json'))
  noWorkspaceRanges(manifest)
  assert.deepEqual(manifest.exports['.'], {
    types: './dist/index.d.ts',
    default: './dist/index.js',
  })
  assert.equal(manifest.publishConfig?.access, 'public')
  for (const f of files.filter((f) => f.endsWith('.d.ts'))) {
    const text = await tarballFile(tgz, f)
    assert.doesNotMatch(text, /from\s+['"]\.{1,2}\/[^'"]+\.ts['"]/, `${f} imports a .ts path`)
  }
  coreTgz = tgz
  const { size } = await stat(tgz)
  return `${files.length} files, ${kib(size)}`
})

let tuiTgz
await check(`pack @jobmeta/tui ${tuiPkg.version}`, async () => {
  const tgz = await pack('apps/tui')
  const files = await tarballFiles(tgz)
  for (const f of ['package.json', 'README.md', 'LICENSE', 'dist/cli.js'])
    assert.ok(files.includes(f), `${f} is not in the tarball`)
  const manifest = JSON.parse(await tarballFile(tgz, 'package.json'))
  noWorkspaceRanges(manifest)
  assert.deepEqual(manifest.dependencies ?? {}, {}, 'the bundle needs no runtime dependency')
  assert.equal(manifest.bin?.jobmeta, './dist/cli.js')
  assert.match(await tarballFile(tgz, 'dist/cli.js'), /^#!\/usr\/bin\/env node\n/)
  tuiTgz = tgz
  const { size } = await stat(tgz)
  return `${files.length} files, ${kib(size)}`
})

for (const [name, tgz] of [
  ['@jobmeta/core', () => coreTgz],
  ['@jobmeta/tui', () => tuiTgz],
])
  await check(`publint ${name} (strict)`, async () => {
    const { stdout } = await run(join(ROOT, 'node_modules/.bin/publint'), [
      'run',
      need(tgz(), `pack ${name}`),
      '--strict',
    ])
    assert.match(stdout, /All good!/)
  })

await check('@arethetypeswrong/cli @jobmeta/core (profile esm-only)', async () => {
  const { stdout } = await run(join(ROOT, 'node_modules/.bin/attw'), [
    need(coreTgz, 'pack @jobmeta/core'),
    '--profile',
    'esm-only',
    '--format',
    'ascii',
    '--no-color',
  ])
  assert.match(stdout, /^node16 \(from ESM\): 🟢/m)
  assert.match(stdout, /^bundler: 🟢/m)
})

const installs = []
const tools = join(TMP, 'tools')
let bin
await check(`npm install deno@${RUNTIMES.deno} bun@${RUNTIMES.bun}`, async () => {
  mkdirSync(tools)
  await writeFile(join(tools, 'package.json'), '{ "private": true }\n')
  const specs = Object.entries(RUNTIMES).map(([name, version]) => `${name}@${version}`)
  const r = await run('npm', ['install', '--prefer-offline', '--no-save', ...specs], {
    cwd: tools,
    timeoutMs: 600_000,
  })
  bin = (name) => join(tools, 'node_modules/.bin', name)
  const deno = (await run(bin('deno'), ['--version'])).stdout.split('\n')[0]
  const bun = (await run(bin('bun'), ['--version'])).stdout.trim()
  return `${deno}, bun ${bun} (${secs(r.ms)})`
})

const app = join(TMP, 'app')
let coreInstalled = false
await check('npm install @jobmeta/core tarball into a new project', async () => {
  mkdirSync(app)
  cpSync(join(ROOT, 'scripts/consumer'), app, { recursive: true })
  await writeFile(
    join(app, 'package.json'),
    '{ "name": "consumer", "private": true, "type": "module" }\n',
  )
  const tgz = need(coreTgz, 'pack @jobmeta/core')
  const r = await run('npm', ['install', '--prefer-offline', tgz], { cwd: app, timeoutMs: 300_000 })
  installs.push({ what: `@jobmeta/core ${corePkg.version}`, how: 'npm install', ms: r.ms })
  const installed = JSON.parse(
    await readFile(join(app, 'node_modules/@jobmeta/core/package.json'), 'utf8'),
  )
  assert.equal(installed.version, corePkg.version)
  assert.ok(!existsSync(join(app, 'node_modules/@jobmeta/emulator')), 'the emulator came along')
  coreInstalled = true
  return `${readdirSync(join(app, 'node_modules')).join(', ')} (${secs(r.ms)})`
})

let emulator
await check('start the emulator on 127.0.0.1', async () => {
  const { match } = await startUntil(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', '--port', '0', '--seed', 'demo', '--apikey', APIKEY],
    /listening on (http:\/\/127\.0\.0\.1:\d+)\n/,
    { cwd: join(ROOT, 'packages/emulator') },
  )
  emulator = `${match[1]}/`
  await writeFile(
    join(app, 'config.mjs'),
    `export default ${JSON.stringify({ base: emulator, apikey: APIKEY, project: PROJECT })}\n`,
  )
  return emulator
})

/** What every runtime must report (the first result becomes the reference for the others). */
let reference
function checkSmoke(result) {
  assert.equal(result.userAgent, `jobmeta-core/${corePkg.version}`)
  assert.equal(result.keys.length, 3)
  assert.equal(result.key, result.keys[0])
  assert.equal(result.field, result.state)
  assert.equal(result.missing, 'JobNotFoundError')
  assert.ok(result.count > 0)
  if (reference) assert.deepEqual(result, reference, 'differs from the Node result')
  else reference = result
  return `${result.key} ${result.state} (${result.outcome}), ${result.count} jobs`
}

const runtimes = [
  ['Node', () => [process.execPath, ['smoke.mjs']]],
  ['Deno', () => [bin('deno'), ['run', '--allow-net=127.0.0.1', '--allow-read', 'smoke.mjs']]],
  ['Bun', () => [bin('bun'), ['smoke.mjs']]],
]
for (const [name, commandLine] of runtimes)
  await check(`installed @jobmeta/core under ${name}`, async () => {
    need(coreInstalled || undefined, 'npm install @jobmeta/core')
    need(emulator, 'start the emulator')
    if (name !== 'Node') need(bin, 'npm install deno, bun')
    const [command, args] = commandLine()
    const env = envOf({ DENO_DIR: join(TMP, 'deno'), DENO_NO_UPDATE_CHECK: '1' })
    const { stdout } = await run(command, args, { cwd: app, env, timeoutMs: 60_000 })
    return checkSmoke(JSON.parse(stdout.trim().split('\n').at(-1)))
  })

await check(`installed @jobmeta/core bundled by esbuild, in headless Chromium`, async () => {
  need(coreInstalled || undefined, 'npm install @jobmeta/core')
  need(emulator, 'start the emulator')
  const www = join(TMP, 'www')
  mkdirSync(www)
  const bundle = await build({
    entryPoints: [join(app, 'browser.mjs')],
    absWorkingDir: app,
    outfile: join(www, 'app.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
    metafile: true,
  })
  cpSync(join(app, 'index.html'), join(www, 'index.html'))
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' }
  const server = createServer(async (req, res) => {
    const name = new URL(req.url ?? '/', 'http://x').pathname.slice(1) || 'index.html'
    const body = await readFile(join(www, name)).catch(() => undefined)
    res.writeHead(body ? 200 : 404, { 'content-type': types[extname(name)] ?? 'text/plain' })
    res.end(body)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const page = `http://127.0.0.1:${server.address().port}/`
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    env: envOf(),
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  try {
    const tab = await browser.newPage()
    const errors = []
    tab.on('pageerror', (e) => errors.push(e.message))
    const query = new URLSearchParams({ base: emulator, apikey: APIKEY, project: String(PROJECT) })
    await tab.goto(`${page}?${query}`)
    await tab.waitForSelector('#result[data-done]', { timeout: 30_000 })
    const text = await tab.textContent('#result')
    assert.equal(await tab.getAttribute('#result', 'data-done'), 'ok', text ?? '')
    assert.deepEqual(errors, [])
    const bytes = Object.values(bundle.metafile.outputs)[0].bytes
    return `${checkSmoke(JSON.parse(text ?? ''))}; Chromium ${browser.version()}, bundle ${kib(bytes)}`
  } finally {
    await browser.close()
    server.close()
  }
})

const prefix = join(TMP, 'global')
let jobmeta
await check('npm install -g the @jobmeta/tui tarball', async () => {
  const tgz = need(tuiTgz, 'pack @jobmeta/tui')
  const r = await run('npm', ['install', '--global', '--prefer-offline', '--prefix', prefix, tgz], {
    timeoutMs: 300_000,
  })
  installs.push({ what: `@jobmeta/tui ${tuiPkg.version}`, how: 'npm install -g', ms: r.ms })
  const installed = join(prefix, 'lib/node_modules/@jobmeta/tui')
  assert.ok(existsSync(join(installed, 'dist/cli.js')))
  assert.ok(!existsSync(join(installed, 'node_modules')), 'dependencies were installed with it')
  jobmeta = join(prefix, 'bin/jobmeta')
  return secs(r.ms)
})

await check('installed jobmeta --version', async () => {
  const { stdout, stderr } = await run(need(jobmeta, 'npm install -g'), ['--version'])
  assert.equal(stdout, `${tuiPkg.version}\n`)
  assert.equal(stderr, '')
  return stdout.trim()
})

await check('installed jobmeta get and ls against the emulator', async () => {
  const key = need(reference, 'installed @jobmeta/core under Node').key
  const auth = ['--apikey', APIKEY, '--storage-url', need(emulator, 'start the emulator')]
  const get = await run(need(jobmeta, 'npm install -g'), ['get', key, 'state', 'spider', ...auth])
  assert.equal(get.stdout.split('\n')[0], reference.state)
  const ls = await run(jobmeta, [
    'ls',
    String(PROJECT),
    '--state',
    'finished',
    '--count',
    '3',
    ...auth,
  ])
  for (const k of reference.keys) assert.match(ls.stdout, new RegExp(`^${k}\\s`, 'm'))
  return `${key}: ${get.stdout.trim().replace(/\n/g, ' ')}`
})

await check('apps/edge: wrangler deploy --dry-run from its folder', async () => {
  const out = join(TMP, 'edge')
  const env = envOf({ WRANGLER_SEND_METRICS: 'false', XDG_CONFIG_HOME: join(TMP, 'xdg') })
  const wrangler = join(ROOT, 'apps/edge/node_modules/.bin/wrangler')
  const r = await run(wrangler, ['deploy', '--dry-run', '--outdir', out], {
    cwd: join(ROOT, 'apps/edge'),
    env,
  })
  assert.match(r.stdout, /--dry-run: exiting now/)
  const { size } = await stat(join(out, 'worker.js'))
  return `worker.js ${kib(size)}`
})

await check('pnpm jobmeta --version prints only the version', async () => {
  const r = await run('pnpm', ['jobmeta', '--version'], { cwd: ROOT, timeoutMs: 300_000 })
  assert.equal(r.stdout, `${tuiPkg.version}\n`)
  assert.equal(r.stderr, '')
})

for (const child of children) kill(child, 'SIGTERM')

console.log('')
for (const tgz of [coreTgz, tuiTgz].filter(Boolean))
  console.log(
    `tarball  ${tgz.split('/').at(-1).padEnd(26)} ${kib((await stat(tgz)).size).padStart(10)}`,
  )
for (const { what, how, ms } of installs)
  console.log(`install  ${what.padEnd(26)} ${secs(ms).padStart(8)}  (${how})`)
const failed = results.filter((r) => !r.ok).length
console.log(`packages: ${results.length - failed} passed, ${failed} failed`)
process.exitCode = failed ? 1 : 0
