/**
 * string-width with the printable ASCII between other characters, and the symbols jobmeta draws
 * itself (SYMBOL_WIDTHS), counted directly. The bundle
 * puts it in string-width's place for every module that imports that same string-width, Ink's
 * layout included (build.mjs): a cold string-width spends about 20 µs a character (a grapheme
 * segmenter and several Unicode regular expressions per character), which made measuring the 40
 * lines of the viewer's first list take 30-40 ms.
 *
 * Why the result is string-width's own: string-width sums the widths of the grapheme clusters of
 * its input, and no rule of Unicode's grapheme clusters (UAX #29) joins two adjacent printable
 * ASCII characters. So a string cut between every two adjacent printable ASCII characters falls
 * into parts that are whole clusters, whose widths add up: a lone printable ASCII character is 1
 * column, a part of ASCII and SYMBOL_WIDTHS symbols is the sum of theirs, and only the parts holding
 * anything else are measured by string-width.
 */
import stringWidth, { type Options } from 'string-width'

const isPrintableAscii = (code: number) => code >= 0x20 && code <= 0x7e

/**
 * The symbols jobmeta draws itself (outcomes, arrows, sparklines, separators, control pictures),
 * each with string-width's width alone: [ambiguous narrow (the default), ambiguous wide]. Each is
 * its own grapheme cluster beside printable ASCII or another of them (none is a mark, joiner,
 * variation selector, regional indicator or prepended character), so a run of them and ASCII is
 * as wide as the sum; fast-string-width.test.ts checks both claims. Measuring them without
 * string-width spares the first frame its Unicode regular expressions and grapheme segmenter
 * (about 20 ms, cold).
 */
const SYMBOL_WIDTHS = new Map<string, readonly [number, number]>([
  ...[...'✖⏎✔⚠␛␊›◔◌▾▸␡⊘µ'].map((c): [string, [number, number]] => [c, [1, 1]]),
  ...[...'…·→–—█↓↑▶▇▆▅▄▃▂▁│←'].map((c): [string, [number, number]] => [c, [1, 2]]),
])

/** The width of a run of printable ASCII and SYMBOL_WIDTHS symbols; undefined for anything else. */
function symbolRunWidth(run: string, ambiguousWide: boolean): number | undefined {
  let width = 0
  for (const c of run) {
    if (c.length === 1 && isPrintableAscii(c.charCodeAt(0))) {
      width += 1
      continue
    }
    const w = SYMBOL_WIDTHS.get(c)
    if (w === undefined) return undefined
    width += w[ambiguousWide ? 1 : 0]
  }
  return width
}

/** The symbols fastStringWidth measures itself (for its tests). */
export const OWN_SYMBOLS: readonly string[] = [...SYMBOL_WIDTHS.keys()]

/** string-width's width of `input`, with the same options. */
export default function fastStringWidth(input: string, options?: Options): number {
  if (typeof input !== 'string') return stringWidth(input, options)
  // Escape sequences are stripped over the whole string first: string-width does it all.
  if (!options?.countAnsiEscapeCodes && (input.includes('\x1b') || input.includes('\x9b')))
    return stringWidth(input, options)
  const ambiguousWide = options?.ambiguousIsNarrow === false
  let width = 0
  let start = 0
  for (let i = 1; i <= input.length; i++) {
    if (
      i < input.length &&
      !(isPrintableAscii(input.charCodeAt(i - 1)) && isPrintableAscii(input.charCodeAt(i)))
    )
      continue
    // A part ends before i: one printable ASCII character, or a run with anything else.
    if (i - start === 1 && isPrintableAscii(input.charCodeAt(start))) width += 1
    else {
      const part = input.slice(start, i)
      width += symbolRunWidth(part, ambiguousWide) ?? stringWidth(part, options)
    }
    start = i
  }
  return width
}
