import type { Outcome } from '@jobmeta/core'
import { describe, expect, it } from 'vitest'
import { displayText, MAX_TEXT, outcomeRuns } from './cells.tsx'
import { renderProjectPage, renderSpiderPage, SPIDERS_PER_PAGE } from './pages.tsx'
import type { Run, SpiderStatus } from './runs.ts'

const HOSTILE = [
  '<script>alert(1)</script>',
  '"quoted" \'single\' & <b>bold</b>',
  '</td></tr></table><h1>pwned</h1><table><tr><td>',
  'evil\u202Eexe.txt\u2066x\u2069\u200F',
  'ctl\u0000\u0007\u001b[31mred\u009b',
  `long-${'x'.repeat(5000)}`,
  'lone \ud800 surrogate \udc00',
  '<img src=x onerror=alert(1)>',
  '{{7*7}} #{7*7} javascript:alert(1)',
]

const T = 1_700_000_000_000
const run = (spider: number, job: number, over: Partial<Run> = {}): Run => ({
  key: `7/${spider}/${job}`,
  spider,
  job,
  outcome: 'ok',
  state: 'finished',
  started: T,
  finished: T + 60_000,
  items: 1234,
  ...over,
})

function hostileSpiders(): SpiderStatus[] {
  return HOSTILE.map((name, i) => ({
    spider: i + 1,
    name,
    last: run(i + 1, 9, { name, reason: HOSTILE[(i + 3) % HOSTILE.length]!, outcome: 'failed' }),
    active: run(i + 1, 10, { state: 'running', outcome: 'running', name }),
    recent: [run(i + 1, 9, { outcome: 'failed' }), run(i + 1, 8)],
  }))
}

const meta = { project: 7, asOf: T + 3_600_000, staleIfError: false }

const ATTRIBUTES = new Set(
  'lang charset name content rel href aria-label aria-hidden class scope colspan datetime title role'.split(
    ' ',
  ),
)

const TAGS = new Set(
  'html head meta title link style body nav main h1 p small div table caption thead tbody tr th td a bdi span time i footer'.split(
    ' ',
  ),
)

/** Every tag of a page is one the renderer writes, with only the attributes it writes. */
function expectOnlyOwnMarkup(html: string): void {
  const body = html.replace(/<style>[^<]*<\/style>/, '<style></style>')
  for (const [tag] of body.matchAll(/<[^>]*>/g)) {
    const m = /^<\/?([a-z][a-z0-9]*)((?: [a-z-]+="[^"<>]*")*)\/?>$|^<!doctype html>$/.exec(tag)
    expect(m, tag).not.toBeNull()
    if (m?.[1] === undefined) continue
    expect(TAGS.has(m[1]), tag).toBe(true)
    for (const [, name] of (m[2] ?? '').matchAll(/ ([a-z-]+)=/g))
      expect(ATTRIBUTES.has(name!), `${name} in ${tag}`).toBe(true)
  }
}

function tableRows(html: string): number {
  return html.split('<tbody>')[1]!.split('</tbody>')[0]!.split('<tr>').length - 1
}

describe('displayText', () => {
  it('drops controls, bidi overrides and lone surrogates, and cuts long text', () => {
    expect(displayText('a\u202Eb\u0000c\u2067d')).toBe('abcd')
    expect(displayText('x\ud800y')).toBe('xy')
    expect(displayText('😀 ok')).toBe('😀 ok')
    const long = displayText('é'.repeat(500))
    expect([...long]).toHaveLength(MAX_TEXT)
    expect(long.endsWith('…')).toBe(true)
  })
})

describe('outcomeRuns', () => {
  it('groups equal neighbours, oldest first', () => {
    const runs = (['ok', 'ok', 'failed', 'ok'] as Outcome[]).map((outcome, i) =>
      run(1, 10 - i, { outcome }),
    )
    expect(outcomeRuns(runs)).toEqual([
      ['ok', 1],
      ['failed', 1],
      ['ok', 2],
    ])
  })
})

describe('status pages with hostile server text', () => {
  const html = renderProjectPage(meta, hostileSpiders())

  it('escapes every name and reason: no element or attribute comes from the data', () => {
    expectOnlyOwnMarkup(html)
    expect(html.match(/<h1>/g)).toHaveLength(1)
    expect(html.match(/<table>/g)).toHaveLength(1)
    expect(tableRows(html)).toBe(HOSTILE.length)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('&quot;quoted&quot; &#39;single&#39; &amp; &lt;b&gt;')
  })

  it('keeps bidi overrides, controls and lone surrogates out, and each name in its own <bdi>', () => {
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202a-\u202e\u2066-\u2069]/)
    expect(html).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
    expect(html).toContain('<bdi>evilexe.txtx</bdi>')
    expect(html).not.toContain('x'.repeat(MAX_TEXT))
  })

  it('a time a Date cannot hold is shown as unknown instead of failing the page', () => {
    const spiders: SpiderStatus[] = [
      {
        spider: 1,
        name: 'a',
        last: run(1, 1, { finished: 1e20, started: -1e20 }),
        recent: [run(1, 1)],
      },
    ]
    const page = renderProjectPage(meta, spiders)
    expect(page).toContain('<td><span class="m">–</span></td>')
  })

  it('the spider page escapes the same way and links only to the job JSON', () => {
    const jobs = HOSTILE.map((name, i) =>
      run(1, i + 1, { name, reason: name, outcome: i % 2 ? 'limit' : 'failed' }),
    )
    const page = renderSpiderPage(meta, 1, HOSTILE[0], jobs)
    expectOnlyOwnMarkup(page)
    expect(page.match(/<h1>/g)).toHaveLength(1)
    expect(tableRows(page)).toBe(HOSTILE.length)
    const hrefs = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1])
    for (const h of hrefs)
      expect(h).toMatch(
        /^(\/status\/7|\/jobs\/7\/1\/\d+|\/projects\/7\/spiders\/1\/badge\.svg|data:,)$/,
      )
  })
})

describe('page size (under 30 KB, no external assets)', () => {
  const longest = (i: number) => `${'漢'.repeat(300)}${i}`
  const worstRun = (s: number, j: number, outcome: Outcome): Run => ({
    key: `2147483647/${2147483000 + s}/${2147483000 + j}`,
    spider: 2147483000 + s,
    job: 2147483000 + j,
    outcome,
    state: 'finished',
    name: longest(s),
    reason: 'z'.repeat(500),
    started: T,
    finished: T + 123_456_789,
    items: 123_456_789_012,
  })
  const alternating: Outcome[] = ['ok', 'failed', 'cancelled', 'limit']
  const worstMeta = { project: 2147483647, asOf: T + 2e9, staleIfError: true }

  it(`a full project page (${SPIDERS_PER_PAGE} spiders, longest names, alternating strips) stays under 30 KB`, () => {
    const spiders: SpiderStatus[] = Array.from({ length: SPIDERS_PER_PAGE * 3 }, (_, s) => ({
      spider: 2147483000 + s,
      name: longest(s),
      last: worstRun(s, 0, 'failed'),
      active: { ...worstRun(s, 99, 'running'), state: 'running' },
      recent: Array.from({ length: 10 }, (_, j) => worstRun(s, j, alternating[j % 4]!)),
    }))
    const page = renderProjectPage(worstMeta, spiders, 2)
    expect(tableRows(page)).toBe(SPIDERS_PER_PAGE)
    expect(new TextEncoder().encode(page).length).toBeLessThan(30 * 1024)
    expect(page).toContain(`Page 2 of 3 (${SPIDERS_PER_PAGE} spiders a page)`)
    expect(page).toContain('href="/status/2147483647?page=3"')
    expect(page).toContain('href="/status/2147483647"')
  })

  it('a spider page with the most jobs it can list (20 per state) stays under 30 KB', () => {
    const jobs = [
      ...Array.from({ length: 20 }, (_, j) => ({ ...worstRun(1, j, 'pending'), state: 'pending' })),
      ...Array.from({ length: 20 }, (_, j) => ({
        ...worstRun(1, 20 + j, 'running'),
        state: 'running',
      })),
      ...Array.from({ length: 20 }, (_, j) => worstRun(1, 40 + j, alternating[j % 4]!)),
    ]
    const page = renderSpiderPage(worstMeta, 2147483001, longest(1), jobs)
    expect(tableRows(page)).toBe(60)
    expect(new TextEncoder().encode(page).length).toBeLessThan(30 * 1024)
  })

  it('loads nothing from elsewhere: no external URL, font, script or image', () => {
    const page = renderProjectPage(meta, hostileSpiders())
    expect(page).not.toMatch(/https?:|url\(|@import|@font-face|<script|<img|<iframe|<object/i)
  })
})
