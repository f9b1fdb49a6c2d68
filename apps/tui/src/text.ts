/** Fixed-width text helpers for table cells (terminal columns, ASCII-safe truncation). */

/** Pads or truncates `s` to exactly `width` columns; truncation ends with an ellipsis. */
export function fit(s: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (width <= 0) return ''
  if (s.length > width) return width === 1 ? '…' : `${s.slice(0, width - 1)}…`
  return align === 'left' ? s.padEnd(width) : s.padStart(width)
}

/** Truncates without padding. */
export function clip(s: string, width: number): string {
  return s.length > width ? fit(s, width) : s
}
