import { describe, expect, it } from 'vitest'
import { SPEC_EXAMPLE_TEXT } from '../test/fixtures.ts'
import type { JobMetadata } from './schema.ts'
import { outcomeOf, summarize } from './summarize.ts'

const meta = JSON.parse(SPEC_EXAMPLE_TEXT) as JobMetadata

describe('outcomeOf', () => {
  it('maps state and close reason', () => {
    expect(outcomeOf({ state: 'pending' })).toBe('pending')
    expect(outcomeOf({ state: 'running', close_reason: 'finished' })).toBe('running')
    expect(outcomeOf({ state: 'finished', close_reason: 'finished' })).toBe('ok')
    expect(outcomeOf({ state: 'finished', close_reason: 'memusage_exceeded' })).toBe('failed')
    expect(outcomeOf({ state: 'finished' })).toBe('unknown')
    expect(outcomeOf({ state: 'deleted', close_reason: 'finished' })).toBe('deleted')
    expect(outcomeOf({})).toBe('unknown')
  })
})

describe('summarize', () => {
  it('derives the spec example', () => {
    const s = summarize(meta, 0)
    expect(s).toEqual({
      outcome: 'ok',
      queueWaitMs: 1566311801163 - 1566311800654,
      runTimeMs: 1566311833872 - 1566311801163,
      totalTimeMs: 1566311833872 - 1566311800654,
      items: 1,
      requests: 2,
      errors: 0,
      warnings: 1,
      statusHistogram: { '200': 1, '404': 1 },
      peakMemoryBytes: 72433664,
      bytesDownloaded: 1866,
      itemsPerMinute: 1 / (3.211014 / 60),
    })
  })

  it('uses now for live jobs', () => {
    expect(summarize({ state: 'pending', pending_time: 1000 }, 5000)).toEqual({
      outcome: 'pending',
      queueWaitMs: 4000,
      totalTimeMs: 4000,
      statusHistogram: {},
    })
    const r = summarize(
      {
        state: 'running',
        pending_time: 1000,
        running_time: 2000,
        scrapystats: { item_scraped_count: 10 },
      },
      62000,
    )
    expect(r.runTimeMs).toBe(60000)
    expect(r.itemsPerMinute).toBe(10)
  })

  it('gives undefined, never a wrong number, when data is missing or inconsistent', () => {
    const s = summarize(
      { state: 'finished', finished_time: 5, running_time: 10, scrapystats: {} },
      0,
    )
    expect(s.runTimeMs).toBeUndefined()
    expect(s.queueWaitMs).toBeUndefined()
    expect(s.errors).toBeUndefined()
    expect(s.warnings).toBeUndefined()
    expect(s.items).toBeUndefined()
    expect(s.itemsPerMinute).toBeUndefined()
    // only ERROR counted (LOG_LEVEL=ERROR): warnings unknown, errors known
    const e = summarize({
      state: 'finished',
      scrapystats: { 'log_count/ERROR': 2, 'log_count/CRITICAL': 1 },
    })
    expect(e.errors).toBe(3)
    expect(e.warnings).toBeUndefined()
    // finished without running_time (cancelled before start)
    const c = summarize({
      state: 'finished',
      pending_time: 1,
      finished_time: 3,
      close_reason: 'cancelled',
    })
    expect(c).toEqual({ outcome: 'cancelled', totalTimeMs: 2, statusHistogram: {} })
  })
})
