/**
 * Display width of terminal text, for truncation and columns: East Asian wide characters and emoji
 * take two columns (string-width). Every function sanitises first (text.ts). Kept apart from the
 * sanitiser because string-width's load (Unicode tables, an Intl.Segmenter) is paid only by what
 * draws tables: `ls`, `get`'s report, the viewer.
 */
import stringWidth from 'string-width'
import { isPrintableAscii, safeText } from './text.ts'

/** Columns `s` takes on a terminal (East Asian wide characters and emoji count two). */
export function textWidth(s: string): number {
  return isPrintableAscii(s) ? s.length : stringWidth(s)
}

// Made on first use: the first Intl object of a process loads ICU data.
let graphemes: Intl.Segmenter | undefined

/** The longest start of `s` that fits in `width` columns, whole graphemes only, and its width. */
function cut(s: string, width: number): { text: string; width: number } {
  let used = 0
  let end = 0
  graphemes ??= new Intl.Segmenter()
  for (const { segment } of graphemes.segment(s)) {
    const w = stringWidth(segment)
    if (used + w > width) break
    used += w
    end += segment.length
  }
  return { text: s.slice(0, end), width: used }
}

/**
 * Sanitises `s`, then pads or truncates it to exactly `width` columns; truncation ends with an
 * ellipsis. Wide characters are never split: a gap left by one is padded with a space.
 */
export function fit(s: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return ''
  const safe = safeText(s)
  let text = safe
  let w = textWidth(safe)
  if (w > width) {
    if (isPrintableAscii(safe)) {
      text = width === 1 ? '…' : `${safe.slice(0, width - 1)}…`
      w = width
    } else {
      const head = cut(safe, width - 1)
      text = `${head.text}…`
      w = head.width + 1
    }
  }
  const pad = ' '.repeat(width - w)
  return align === 'left' ? text + pad : pad + text
}

/** Sanitises `s` and truncates it to at most `width` columns (no padding). */
export function clip(s: string, width: number): string {
  const safe = safeText(s)
  return textWidth(safe) > width ? fit(safe, width).trimEnd() : safe
}

/** Sanitises `s` and pads it with spaces to at least `width` columns (never truncates). */
export function padEnd(s: string, width: number): string {
  const safe = safeText(s)
  return padMeasured(safe, textWidth(safe), width)
}

/** Already-safe `text`, `shownWidth` columns wide, padded with spaces to at least `width` columns. */
export function padMeasured(text: string, shownWidth: number, width: number): string {
  return text + ' '.repeat(Math.max(0, width - shownWidth))
}
