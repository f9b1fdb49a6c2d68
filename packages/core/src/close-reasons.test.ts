import { describe, expect, it } from 'vitest'
import { classifyCloseReason, WELL_KNOWN_CLOSE_REASONS } from './close-reasons.ts'

describe('classifyCloseReason', () => {
  it.each([
    ['finished', 'ok'],
    [' Finished ', 'ok'],
    ['failed', 'failed'],
    ['memusage_exceeded', 'failed'],
    ['killed by oom', 'failed'],
    ['shutdown', 'failed'],
    ['cancelled', 'cancelled'],
    ['cancelled (stalled)', 'cancelled'],
    ['cancel_timeout', 'cancelled'],
    ['cancelled (24h limit)', 'limit'],
    ['closespider_itemcount', 'limit'],
    ['closespider_timeout_no_item', 'limit'],
    ['all-good', 'unknown'],
    ['constructor', 'unknown'],
    ['', 'unknown'],
    [undefined, 'unknown'],
  ] as const)('%j -> %s', (reason, cls) => {
    expect(classifyCloseReason(reason)).toBe(cls)
  })

  it('classifies every well-known reason as something other than unknown', () => {
    for (const r of WELL_KNOWN_CLOSE_REASONS) expect(classifyCloseReason(r)).not.toBe('unknown')
  })
})
