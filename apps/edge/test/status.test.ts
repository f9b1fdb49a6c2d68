/** Status pages on Node: the shared suite, plus pages built from hostile spider names and close reasons. */
import { startEmulator } from '@jobmeta/emulator/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.ts'
import { parseConfig } from '../src/config.ts'
import { TEST_KEY } from './fixtures.ts'
import { nodeHarness } from './node-harness.ts'
import { statusSuite } from './suite/status.ts'

const h = nodeHarness()
statusSuite(h, h.url)

const HOSTILE_PROJECT = 4242
const NAMES = [
  '<script>alert(1)</script>',
  '"quoted" \'single\' & <b>bold</b>',
  '</td></tr></table><h1>pwned</h1>',
  'evil\u202Eexe.txt',
  `long-${'y'.repeat(3000)}`,
  'ctl\u0007\u001b[31mred',
]

describe('status pages with hostile names from upstream (Node)', () => {
  let emu: Awaited<ReturnType<typeof startEmulator>> | undefined
  beforeAll(async () => {
    const seed = NAMES.map((name, i) => ({
      key: `${HOSTILE_PROJECT}/${i + 1}/1`,
      spider: name,
      state: 'finished',
      close_reason: `<img src=x onerror=alert(${i})>`,
      running_time: 1_700_000_000_000,
      finished_time: 1_700_000_060_000,
      scrapystats: { item_scraped_count: 10 },
    }))
    emu = await startEmulator({ seed, apikeys: { [TEST_KEY]: [HOSTILE_PROJECT] } })
  })
  afterAll(async () => {
    await emu?.close()
  })

  it('escapes every name and reason and keeps one row per spider', async () => {
    const app = createApp(
      parseConfig({
        SHUB_APIKEY: TEST_KEY,
        SHUB_STORAGE: emu!.url,
        PUBLIC_PROJECTS: String(HOSTILE_PROJECT),
      }),
      { platformCache: null, log: () => undefined },
    )
    const res = await app.request(`/status/${HOSTILE_PROJECT}`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).not.toMatch(/<script|<img|<b>|<h1>pwned|\u202E|\u001b|\u0007/)
    expect(html.match(/<h1>/g)).toHaveLength(1)
    expect(html.match(/<th scope="row">/g)).toHaveLength(NAMES.length)
    expect(html).toContain('<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>')
    expect(html).toContain('<bdi>evilexe.txt</bdi>')
    expect(html).not.toContain('y'.repeat(100))
    expect(new TextEncoder().encode(html).length).toBeLessThan(30 * 1024)
    for (let i = 1; i <= NAMES.length; i++) {
      const one = await app.request(`/status/${HOSTILE_PROJECT}/${i}`)
      expect(one.status).toBe(200)
      const text = await one.text()
      expect(text).not.toMatch(/<script|<img|<b>|<h1>pwned|\u202E/)
      expect(text.match(/<h1>/g)).toHaveLength(1)
      const badge = await app.request(`/projects/${HOSTILE_PROJECT}/spiders/${i}/badge.svg`)
      expect(await badge.text()).not.toMatch(/<script|<img|<b>|<h1>/)
    }
  })
})
