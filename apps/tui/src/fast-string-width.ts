/**
 * string-width with the printable ASCII between other characters counted directly. The bundle
 * puts it in string-width's place for every module that imports that same string-width, Ink's
 * layout included (build.mjs): a cold string-width spends about 20 µs a character (a grapheme
 * segmenter and several Unicode regular expressions per character), which made measuring the 40
 * lines of the viewer's first list take 30-40 ms.
 *
 * Why the result is string-width's own: string-width sums the widths of the grapheme clusters of
 * its input, and no rule of Unicode's grapheme clusters (UAX #29) joins two adjacent printable
 * ASCII characters. So a string cut between every two adjacent printable ASCII characters falls
 * into parts that are whole clusters, whose widths add up: a lone printable ASCII character is 1
 * column, and only the parts holding anything else are measured by string-width.
 */
import stringWidth, { type Options } from 'string-width'

const isPrintableAscii = (code: number) => code >= 0x20 && code <= 0x7e

/** string-width's width of `input`, with the same options. */
export default function fastStringWidth(input: string, options?: Options): number {
  if (typeof input !== 'string') return stringWidth(input, options)
  // Escape sequences are stripped over the whole string first: string-width does it all.
  if (!options?.countAnsiEscapeCodes && (input.includes('\x1b') || input.includes('\x9b')))
    return stringWidth(input, options)
  let width = 0
  let start = 0
  for (let i = 1; i <= input.length; i++) {
    if (
      i < input.length &&
      !(isPrintableAscii(input.charCodeAt(i - 1)) && isPrintableAscii(input.charCodeAt(i)))
    )
      continue
    // A part ends before i: one printable ASCII character, or a run with anything else.
    width +=
      i - start === 1 && isPrintableAscii(input.charCodeAt(start))
        ? 1
        : stringWidth(input.slice(start, i), options)
    start = i
  }
  return width
}
