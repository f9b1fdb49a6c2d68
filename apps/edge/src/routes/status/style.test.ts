import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { CSS, loadPageCsp, OUTCOME_TEXT, pageCsp, SCHEMES, sha256Base64 } from './style.ts'

// WCAG 2 relative luminance and contrast ratio
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number]
  return (x + 0.05) / (y + 0.05)
}

describe('status page style', () => {
  it('every outcome colour and the muted text read at WCAG AA (4.5:1) in light and dark', () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { bg, fg, mute, link } = SCHEMES[scheme]
      for (const [outcome, color] of Object.entries(OUTCOME_TEXT[scheme]))
        expect(contrast(color, bg), `${scheme} ${outcome}`).toBeGreaterThanOrEqual(4.5)
      for (const color of [fg, mute, link])
        expect(contrast(color, bg), `${scheme} ${color}`).toBeGreaterThanOrEqual(4.5)
    }
  })

  it('switches scheme with prefers-color-scheme and loads nothing from elsewhere', () => {
    expect(CSS).toContain('@media (prefers-color-scheme:dark)')
    expect(CSS).toContain(`--bg:${SCHEMES.dark.bg}`)
    expect(CSS).not.toMatch(/url\(|@import|@font-face|https?:|<\//)
  })

  it('the page CSP allows exactly this stylesheet by its SHA-256 and nothing else to load', async () => {
    const hash = createHash('sha256').update(CSS, 'utf8').digest('base64')
    expect(await sha256Base64(CSS)).toBe(hash)
    const csp = await loadPageCsp()
    expect(pageCsp()).toBe(csp)
    expect(csp).toBe(
      `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox`,
    )
  })
})
