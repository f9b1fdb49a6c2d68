import { describe, expect, it } from 'vitest'
import { formatBytes, formatDuration, formatNumber, formatRelativeTime } from './format.ts'

describe('format', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [3200, '3.2s'],
    [59_960, '1m 00s'],
    [245_000, '4m 05s'],
    [7_380_000, '2h 03m'],
    [273_600_000, '3d 04h'],
    [-3200, '-3.2s'],
    [Number.NaN, '–'],
  ])('formatDuration(%d) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text))

  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1866, '1.8 KiB'],
    [72433664, '69.1 MiB'],
    [1024 * 1024 - 1, '1.0 MiB'],
    [5 * 1024 ** 3, '5.0 GiB'],
  ])('formatBytes(%d) = %s', (n, text) => expect(formatBytes(n)).toBe(text))

  it('formatRelativeTime', () => {
    expect(formatRelativeTime(1000, 1500)).toBe('just now')
    expect(formatRelativeTime(0, 12_000)).toBe('12s ago')
    expect(formatRelativeTime(0, 180_000)).toBe('3m ago')
    expect(formatRelativeTime(0, 5 * 3600_000)).toBe('5h ago')
    expect(formatRelativeTime(0, 2 * 86400_000)).toBe('2d ago')
    expect(formatRelativeTime(120_000, 0)).toBe('in 2m')
  })

  it('formatNumber', () => {
    expect(formatNumber(12345)).toBe('12,345')
    expect(formatNumber(3.211)).toBe('3.21')
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('–')
  })
})
