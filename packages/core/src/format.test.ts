import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  formatBytes,
  formatDuration,
  formatNumber,
  formatRelativeTime,
  formatTimestamp,
} from './format.ts'

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
    expect(formatNumber(-0)).toBe('-0')
    expect(formatNumber(-1_234_567)).toBe('-1,234,567')
  })

  it('formatNumber groups every integer as Intl.NumberFormat en-US does, without it', () => {
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })
    const integers = fc.oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.maxSafeInteger(),
      fc.constantFrom(0, 999, 1000, -1000, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
    )
    fc.assert(
      fc.property(integers, (n) => {
        expect(formatNumber(n)).toBe(intl.format(n))
      }),
      { numRuns: 2000 },
    )
    // Beyond safe integers and with fractions, Intl still decides.
    for (const n of [2 ** 60, 1e21, 0.5, -12_345.678]) expect(formatNumber(n)).toBe(intl.format(n))
  })

  it('formatTimestamp in UTC and in the local zone, with the zone named', () => {
    const t = Date.UTC(2026, 10, 29, 7, 0, 1)
    expect(formatTimestamp(t, 'utc')).toBe('2026-11-29 07:00:01 UTC')
    const local = formatTimestamp(t)
    expect(local).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC([+-]\d\d:\d\d)?$/)
    // the local text is the same instant: its fields minus its offset give t back
    const m = /^(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+) UTC(?:([+-])(\d+):(\d+))?$/.exec(local)
    const [, y, mo, d, h, mi, s, sign, oh, om] = m ?? []
    const offset = sign ? (sign === '+' ? 1 : -1) * (Number(oh) * 60 + Number(om)) : 0
    expect(
      Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) -
        offset * 60_000,
    ).toBe(t)
    expect(formatTimestamp(8.64e15 + 1)).toBe('8640000000000001')
    expect(formatTimestamp(Number.NaN, 'utc')).toBe('NaN')
  })

  it('formatTimestamp names a local zone off UTC by its offset', () => {
    const before = process.env.TZ
    try {
      process.env.TZ = 'Asia/Kolkata'
      expect(formatTimestamp(Date.UTC(2026, 10, 29, 7, 0, 1))).toBe('2026-11-29 12:30:01 UTC+05:30')
      process.env.TZ = 'America/St_Johns'
      expect(formatTimestamp(Date.UTC(2026, 10, 29, 7, 0, 1))).toBe('2026-11-29 03:30:01 UTC-03:30')
    } finally {
      if (before === undefined) delete process.env.TZ
      else process.env.TZ = before
    }
  })
})
