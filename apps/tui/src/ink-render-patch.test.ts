/**
 * patches/ink@6.8.0.patch makes Ink's frame output cheaper (caches kept across frames, shared blank
 * cells, no style diff between same-styled neighbours). These tests hold the patched code to what
 * the unpatched code computes: the same strings, byte for byte, and caches that stay bounded.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import {
  styledCharsToString as originalToString,
  styledCharsFromTokens,
  tokenize,
} from '@alcalzone/ansi-tokenize'
import fc from 'fast-check'
import stringWidth from 'string-width'
import { describe, expect, it } from 'vitest'

interface StyledChar {
  value: string
  styles: unknown[]
}
interface OutputModule {
  default: new (size: {
    width: number
    height: number
  }) => {
    caches: unknown
    write(x: number, y: number, text: string, options: { transformers: unknown[] }): void
    get(): { output: string; height: number }
  }
  sharedCaches: {
    widths: Map<string, number>
    blockWidths: Map<string, number>
    styledChars: Map<string, StyledChar[]>
    getWidestLine(text: string): number
  }
  styledCharsToString(chars: StyledChar[]): string
}

// Ink's package exports only its entry; the patched module sits beside it.
const inkEntry = createRequire(import.meta.url).resolve('ink')
const patched = (await import(join(dirname(inkEntry), 'output.js'))) as OutputModule
const Output = patched.default

const SGR = [
  '\x1b[0m',
  '\x1b[1m',
  '\x1b[2m',
  '\x1b[22m',
  '\x1b[7m',
  '\x1b[27m',
  '\x1b[31m',
  '\x1b[32m',
  '\x1b[39m',
  '\x1b[38;5;208m',
  '\x1b[42m',
  '\x1b[49m',
  '\x1b[4m',
  '\x1b[24m',
]
const styledLine = fc
  .array(
    fc.tuple(
      fc.subarray(SGR),
      fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '✔', '✖', '…', '│', '9', '-') }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.map(([codes, text]) => codes.join('') + text).join(''))

describe('patched Ink output', () => {
  it('joins styled characters into the same string as @alcalzone/ansi-tokenize', () => {
    fc.assert(
      fc.property(styledLine, (line) => {
        const chars = styledCharsFromTokens(tokenize(line))
        expect(patched.styledCharsToString(chars)).toBe(originalToString(chars))
      }),
      { numRuns: 500 },
    )
  })

  it('renders a frame as the unpatched pipeline would, also when the line was cached by an earlier frame', () => {
    fc.assert(
      fc.property(styledLine, (line) => {
        const expected = originalToString(styledCharsFromTokens(tokenize(line))).trimEnd()
        for (let frame = 0; frame < 2; frame++) {
          const width = Math.max(1, stringWidth(line))
          const output = new Output({ width, height: 1 })
          output.write(0, 0, line, { transformers: [] })
          // Cells the line leaves empty are blanks, so compare against the line padded out.
          expect(output.get().output).toBe(expected)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('shares one set of caches between frames', () => {
    const a = new Output({ width: 10, height: 1 })
    const b = new Output({ width: 10, height: 1 })
    expect(a.caches).toBe(b.caches)
    expect(a.caches).toBe(patched.sharedCaches)
  })

  it('measures a block as string-width does, through the cache', () => {
    const text = 'spider-3 ✔ ok\n日本語のスパイダー\nshort'
    const expected = Math.max(...text.split('\n').map((l) => stringWidth(l)))
    expect(patched.sharedCaches.getWidestLine(text)).toBe(expected)
    expect(patched.sharedCaches.getWidestLine(text)).toBe(expected)
  })

  it('keeps each cache bounded however many distinct lines are drawn', () => {
    const output = new Output({ width: 20, height: 1 })
    for (let i = 0; i < 5000; i++) {
      output.write(0, 0, `line ✔ ${i}`, { transformers: [] })
      patched.sharedCaches.getWidestLine(`block ${i}\nrow`)
    }
    output.get()
    const { widths, blockWidths, styledChars } = patched.sharedCaches
    expect(styledChars.size).toBeGreaterThan(0)
    for (const map of [widths, blockWidths, styledChars]) expect(map.size).toBeLessThanOrEqual(2000)
  })
})
