/** Virtual scrolling: which slice of a long list is on screen. */

/** The first visible index: moves only as much as needed to keep `cursor` in a window of `height`. */
export function scrollOffset(
  cursor: number,
  prevOffset: number,
  height: number,
  total: number,
): number {
  if (height <= 0 || total <= 0) return 0
  let off = prevOffset
  if (cursor < off) off = cursor
  if (cursor >= off + height) off = cursor - height + 1
  return Math.max(0, Math.min(off, Math.max(0, total - height)))
}

/** Clamps a cursor to [0, total). */
export function clampCursor(cursor: number, total: number): number {
  return Math.max(0, Math.min(cursor, total - 1))
}
