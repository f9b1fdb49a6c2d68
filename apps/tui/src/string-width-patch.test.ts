/**
 * patches/string-width@8.3.0.patch makes string-width's grapheme segmenter on first use instead of
 * at import: the first Intl object of a process loads ICU's data (about 14 ms on Node 20), and
 * `jobmeta ls` imports string-width but measures only ASCII, which never needs it. This file runs
 * in a module graph of its own (vitest isolates test files), so string-width is imported here first.
 */
import { afterEach, describe, expect, it } from 'vitest'

const RealSegmenter = Intl.Segmenter
// Intl's properties are writable at run time; TypeScript's lib types them read-only
const intl = Intl as { Segmenter: typeof RealSegmenter }

afterEach(() => {
  intl.Segmenter = RealSegmenter
})

describe('patched string-width', () => {
  it('makes no Intl.Segmenter until a width needs one, then one for all', async () => {
    let made = 0
    intl.Segmenter = class extends RealSegmenter {
      constructor(...args: ConstructorParameters<typeof RealSegmenter>) {
        super(...args)
        made++
      }
    }
    const { default: stringWidth } = await import('string-width')
    expect(stringWidth('plain ascii 123')).toBe(15)
    expect(made).toBe(0)
    expect(stringWidth('日本語')).toBe(6)
    expect(stringWidth('👍🏽 ok')).toBe(5)
    expect(stringWidth('e\u0301')).toBe(1)
    expect(made).toBe(1)
  })
})
