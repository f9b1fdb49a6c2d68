import { describe, expect, it } from 'vitest'
import { badgeFor, escapeXml, OUTCOME_COLORS, renderSvg, shieldsJson, textWidth } from './svg.ts'

// WCAG relative luminance and contrast ratio against white text
function contrastWithWhite(hex: string): number {
  const c = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255)
  const [r, g, b] = c.map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ]
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b
  return 1.05 / (l + 0.05)
}

describe('badge', () => {
  it('says state, close reason and items, coloured by outcome', () => {
    expect(
      badgeFor({
        spider: 'books',
        state: 'finished',
        close_reason: 'finished',
        outcome: 'ok',
        items: 1234,
      }),
    ).toEqual({
      label: 'books',
      message: 'finished · 1,234 items',
      color: OUTCOME_COLORS.ok,
    })
    expect(
      badgeFor({
        spider: 'b',
        state: 'finished',
        close_reason: 'memusage_exceeded',
        outcome: 'failed',
      }).color,
    ).toBe(OUTCOME_COLORS.failed)
    expect(badgeFor({ spider: 'b', state: 'running', outcome: 'running', items: 1 }).message).toBe(
      'running · 1 item',
    )
    expect(badgeFor({ spider: 'b', state: 'pending', outcome: 'pending' }, 'nightly').label).toBe(
      'nightly',
    )
  })

  it('keeps white text readable on every outcome colour (WCAG AA)', () => {
    for (const color of Object.values(OUTCOME_COLORS))
      expect(contrastWithWhite(color)).toBeGreaterThanOrEqual(4.5)
  })

  it('escapes XML in label and message', () => {
    const svg = renderSvg({
      label: '<script>alert("x")</script>&',
      message: "it's",
      color: '#1a7f37',
    })
    expect(svg).not.toContain('<script>')
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;')
    expect(svg).toContain('it&apos;s')
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
  })

  it('escapes the five XML specials', () => {
    expect(escapeXml(`<&"'>`)).toBe('&lt;&amp;&quot;&apos;&gt;')
  })

  it('drops characters XML cannot carry and rejects a non-hex colour', () => {
    const svg = renderSvg({ label: 'a\u0000b\u0008', message: 'm', color: 'red" onload="x' })
    expect(svg).toContain('>ab<')
    expect(svg).not.toContain('onload')
  })

  it('grows with its text', () => {
    expect(textWidth('wide WWW')).toBeGreaterThan(textWidth('iii'))
  })

  it('writes the shields.io endpoint format', () => {
    expect(shieldsJson({ label: 'l', message: 'm', color: '#1a7f37' }, 10)).toEqual({
      schemaVersion: 1,
      label: 'l',
      message: 'm',
      color: '1a7f37',
      labelColor: '3d444d',
      cacheSeconds: 300,
    })
  })
})
