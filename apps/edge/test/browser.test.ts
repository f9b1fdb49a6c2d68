/**
 * A real browser: headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM_BIN; .ci/run installs
 * it) loads the status pages from `pnpm edge` (src/node.ts, a child process) started against an
 * emulator on 127.0.0.1, and checks the DOM, the colours of both schemes, that nothing is refused
 * by the page's CSP and that the console stays quiet. Screenshots go to apps/edge/.artifacts/.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { outcomeOf } from '@jobmeta/core'
import { DEMO_APIKEY, DEMO_PROJECT, DEMO_SPIDERS } from '@jobmeta/emulator'
import { startEmulator } from '@jobmeta/emulator/node'
import { type Browser, type CDPSession, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OUTCOME_TEXT, SCHEMES } from '../src/routes/status/style.ts'

const dir = fileURLToPath(new URL('..', import.meta.url))
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium'
const ARTIFACTS = join(dir, '.artifacts', 'browser')
const HOSTILE_PROJECT = 4242
const HOSTILE_NAMES = [
  '<script>alert(1)</script>',
  '"quoted" \'single\' & <b>bold</b>',
  '</td></tr></table><h1>pwned</h1>',
  'evil\u202Eexe.txt',
  `very-long-${'w'.repeat(2000)}`,
]

let emu: Awaited<ReturnType<typeof startEmulator>> | undefined
let edge: ChildProcess | undefined
let edgeUrl = ''
let browser: Browser | undefined
let home = ''

/** What a page load reported: console messages, page errors, failed requests, CSP violations, requests. */
interface Watch {
  console: string[]
  errors: string[]
  failed: string[]
  violations: string[]
  requests: string[]
}

async function watched(colorScheme: 'light' | 'dark'): Promise<{ page: Page; watch: Watch }> {
  const context = await browser!.newContext({
    viewport: { width: 960, height: 320 },
    colorScheme,
  })
  const page = await context.newPage()
  const watch: Watch = { console: [], errors: [], failed: [], violations: [], requests: [] }
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') watch.console.push(m.text())
  })
  page.on('pageerror', (e) => watch.errors.push(e.message))
  page.on('requestfailed', (r) => watch.failed.push(r.url()))
  page.on('request', (r) => watch.requests.push(r.url()))
  // CSP refusals reach the DevTools log and the issues panel, not always the page's console
  const cdp: CDPSession = await context.newCDPSession(page)
  cdp.on('Log.entryAdded', ({ entry }) => {
    if (entry.level === 'error' || entry.level === 'warning')
      watch.console.push(`${entry.source}: ${entry.text}`)
  })
  cdp.on('Audits.issueAdded', ({ issue }) => {
    if (issue.code === 'ContentSecurityPolicyIssue') watch.violations.push(JSON.stringify(issue))
  })
  await cdp.send('Log.enable')
  await cdp.send('Audits.enable')
  return { page, watch }
}

function expectQuiet(w: Watch): void {
  expect(w.console, 'console errors and warnings').toEqual([])
  expect(w.errors, 'page errors').toEqual([])
  expect(w.failed, 'failed requests').toEqual([])
  expect(w.violations, 'CSP violations').toEqual([])
}

function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16))
  return `rgb(${r}, ${g}, ${b})`
}

async function emulatorRows(path: string): Promise<Record<string, unknown>[]> {
  const r = await fetch(`${emu!.url}${path}`, {
    headers: { authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` },
  })
  const text = (await r.text()).trim()
  return text === '' ? [] : text.split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's chromium (.ci/run does) or set CHROMIUM_BIN`,
    )
  }
  mkdirSync(ARTIFACTS, { recursive: true })
  home = mkdtempSync(join(tmpdir(), 'jobmeta-edge-browser-'))
  emu = await startEmulator({ seed: 'demo', apikeys: { [DEMO_APIKEY]: '*' } })
  // a second published project whose spiders have hostile names
  const push = HOSTILE_NAMES.map((spider) =>
    JSON.stringify({ spider, state: 'finished', close_reason: '<img src=x onerror=alert(1)>' }),
  ).join('\n')
  const pushed = await fetch(`${emu.url}jobq/${HOSTILE_PROJECT}/push`, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${DEMO_APIKEY}:`)}` },
    body: push,
  })
  expect(pushed.status).toBe(200)

  // `pnpm edge` is `tsx src/node.ts`: started with an explicit environment, nothing inherited
  edge = spawn(`${dir}node_modules/.bin/tsx`, ['src/node.ts', '--port', '0'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      SHUB_APIKEY: DEMO_APIKEY,
      SHUB_STORAGE: emu.url,
      PUBLIC_PROJECTS: `${DEMO_PROJECT},${HOSTILE_PROJECT}`,
    },
  })
  let out = ''
  edge.stdout?.on('data', (d) => {
    out += d
  })
  edgeUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pnpm edge did not start: ${out}`)), 30_000)
    const check = () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    }
    edge!.stdout?.on('data', check)
    edge!.once('exit', (code) => reject(new Error(`pnpm edge exited with ${code}: ${out}`)))
  })

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // a fresh profile every launch (Playwright makes one), and the flags a headless CI box needs
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
    timeout: 60_000,
  })
}, 90_000)

afterAll(async () => {
  await browser?.close()
  if (edge && edge.exitCode === null) {
    const exited = new Promise((resolve) => edge!.once('exit', resolve))
    edge.kill('SIGTERM')
    await exited
  }
  await emu?.close()
  if (home) rmSync(home, { recursive: true, force: true })
})

describe('status pages in headless Chromium (pnpm edge against the emulator)', () => {
  it('shows every public spider with its last outcome, styled, with no console error or CSP violation', async () => {
    const { page, watch } = await watched('light')
    const res = await page.goto(`${edgeUrl}status/${DEMO_PROJECT}`)
    expect(res?.status()).toBe(200)
    const rows = await page.$$eval('tbody tr', (trs) =>
      trs.map((tr) => ({
        name: tr.querySelector('th[scope="row"] a')?.textContent ?? '',
        href: tr.querySelector('th[scope="row"] a')?.getAttribute('href') ?? '',
        outcome: tr.querySelector('td.o')?.className ?? '',
        text: tr.querySelector('td.o')?.textContent ?? '',
        color: tr.querySelector('td.o') ? getComputedStyle(tr.querySelector('td.o')!).color : '',
        strip: tr.querySelector('.s')?.textContent ?? '',
      })),
    )
    // the truth: the emulator's last finished job of each spider, through core's outcome rule
    const last = await emulatorRows(`spiders/${DEMO_PROJECT}/lastjobsummary`)
    const expected = DEMO_SPIDERS.map((s) => {
      const row = last.find((r) => String(r.key).split('/')[1] === String(s.id))!
      const outcome = outcomeOf(row as { state?: string; close_reason?: string })
      return { name: s.name, href: `/status/${DEMO_PROJECT}/${s.id}`, outcome }
    }).sort((a, b) => a.name.localeCompare(b.name, 'en'))
    expect(rows.map((r) => r.name)).toEqual(expected.map((e) => e.name))
    for (const [i, e] of expected.entries()) {
      const r = rows[i]!
      expect(r.href).toBe(e.href)
      expect(r.outcome).toBe(`o ${e.outcome}`)
      expect(r.text).toMatch(new RegExp(`^. ${e.outcome}`))
      expect(r.color, e.name).toBe(rgb(OUTCOME_TEXT.light[e.outcome]))
      expect(r.strip.length).toBeGreaterThan(0)
    }
    // the inline stylesheet applied (its hash is in the CSP) and the table is accessible
    const look = await page.evaluate(() => ({
      bg: getComputedStyle(document.body).backgroundColor,
      collapse: getComputedStyle(document.querySelector('table')!).borderCollapse,
      caption: document.querySelector('caption')?.textContent ?? '',
      colHeaders: document.querySelectorAll('thead th[scope="col"]').length,
      scripts: document.scripts.length,
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    }))
    expect(look).toMatchObject({ bg: rgb(SCHEMES.light.bg), collapse: 'collapse', colHeaders: 6 })
    expect(look.caption).toMatch(/^6 spiders; last finished runs: /)
    expect(look.scripts).toBe(0)
    expect(look.overflow).toBeLessThanOrEqual(0)
    expect(watch.requests).toEqual([`${edgeUrl}status/${DEMO_PROJECT}`])
    expectQuiet(watch)
    await page.screenshot({ path: join(ARTIFACTS, 'status-light.png'), fullPage: true })
    await page.context().close()
  })

  it('follows prefers-color-scheme: dark background and the dark outcome colours', async () => {
    const { page, watch } = await watched('dark')
    await page.goto(`${edgeUrl}status/${DEMO_PROJECT}`)
    const look = await page.evaluate(() => ({
      bg: getComputedStyle(document.body).backgroundColor,
      fg: getComputedStyle(document.body).color,
      cells: [...document.querySelectorAll('td.o')].map((td) => ({
        outcome: td.className.replace('o ', ''),
        color: getComputedStyle(td).color,
      })),
    }))
    expect(look.bg).toBe(rgb(SCHEMES.dark.bg))
    expect(look.fg).toBe(rgb(SCHEMES.dark.fg))
    for (const c of look.cells)
      expect(c.color).toBe(rgb(OUTCOME_TEXT.dark[c.outcome as keyof typeof OUTCOME_TEXT.dark]))
    expectQuiet(watch)
    await page.screenshot({ path: join(ARTIFACTS, 'status-dark.png'), fullPage: true })
    await page.context().close()
  })

  it('a spider row leads to its jobs, and each job to its public JSON', async () => {
    const { page, watch } = await watched('light')
    await page.goto(`${edgeUrl}status/${DEMO_PROJECT}`)
    await page.click('tbody tr:first-child th a')
    expect(page.url()).toMatch(new RegExp(`/status/${DEMO_PROJECT}/\\d+$`))
    const spider = page.url().split('/').pop()
    const links = await page.$$eval('tbody th[scope="row"] a', (as) =>
      as.map((a) => a.getAttribute('href') ?? ''),
    )
    expect(links.length).toBeGreaterThan(0)
    for (const l of links) expect(l).toMatch(new RegExp(`^/jobs/${DEMO_PROJECT}/${spider}/\\d+$`))
    expect(await page.textContent('h1')).toContain(`spider ${spider}`)
    expectQuiet(watch)
    await page.screenshot({ path: join(ARTIFACTS, 'spider-light.png'), fullPage: true })
    const json = (await page.goto(`${edgeUrl}${links[0]!.slice(1)}`))!
    expect(json.headers()['content-type']).toBe('application/json; charset=utf-8')
    expect(((await json.json()) as { key: string }).key).toBe(links[0]!.slice('/jobs/'.length))
    await page.context().close()
  })

  it('hostile spider names stay text: one row each, no element from the data, nothing overflows', async () => {
    const { page, watch } = await watched('light')
    await page.goto(`${edgeUrl}status/${HOSTILE_PROJECT}`)
    const dom = await page.evaluate(() => ({
      rows: document.querySelectorAll('tbody tr').length,
      h1: document.querySelectorAll('h1').length,
      tables: document.querySelectorAll('table').length,
      injected: document.querySelectorAll('script, img, b, tbody h1').length,
      names: [...document.querySelectorAll('tbody th bdi')].map((b) => b.textContent),
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    }))
    expect(dom).toMatchObject({ rows: HOSTILE_NAMES.length, h1: 1, tables: 1, injected: 0 })
    expect(dom.names).toContain('<script>alert(1)</script>')
    expect(dom.names).toContain('evilexe.txt')
    expect(dom.overflow).toBeLessThanOrEqual(0)
    expectQuiet(watch)
    await page.screenshot({ path: join(ARTIFACTS, 'hostile-light.png'), fullPage: true })
    await page.context().close()
  })

  it('(control) the CSP watch catches a violation: the same page with a wrong style hash', async () => {
    const { page, watch } = await watched('light')
    await page.route('**/status/**', async (route) => {
      const res = await route.fetch()
      const headers = res.headers()
      headers['content-security-policy'] = headers['content-security-policy']!.replace(
        /sha256-[^']+/,
        `sha256-${btoa('x'.repeat(32))}`,
      )
      await route.fulfill({ response: res, headers })
    })
    await page.goto(`${edgeUrl}status/${DEMO_PROJECT}`)
    await expect.poll(() => watch.violations.length, { timeout: 5000 }).toBeGreaterThan(0)
    const collapse = await page.evaluate(
      () => getComputedStyle(document.querySelector('table')!).borderCollapse,
    )
    expect(collapse).toBe('separate') // the refused stylesheet did not apply
    await page.context().close()
  })
})
