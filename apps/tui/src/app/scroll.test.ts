import { expect, it } from 'vitest'
import { clampCursor, scrollOffset } from './scroll.ts'

it('keeps the window still while the cursor moves inside it', () => {
  expect(scrollOffset(5, 0, 10, 100)).toBe(0)
  expect(scrollOffset(10, 0, 10, 100)).toBe(1)
  expect(scrollOffset(3, 5, 10, 100)).toBe(3)
  expect(scrollOffset(99, 0, 10, 100)).toBe(90)
  expect(scrollOffset(50, 95, 10, 100)).toBe(50)
  expect(scrollOffset(2, 7, 10, 5)).toBe(0)
})

it('clamps the cursor', () => {
  expect(clampCursor(-1, 10)).toBe(0)
  expect(clampCursor(12, 10)).toBe(9)
  expect(clampCursor(3, 0)).toBe(0)
})
