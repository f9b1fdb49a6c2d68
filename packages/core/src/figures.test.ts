import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SPEC_EXAMPLE_TEXT } from '../test/fixtures.ts'
import { jobFigures, rowFigures } from './figures.ts'
import type { JobMetadata } from './schema.ts'

describe('jobFigures', () => {
  it('reads item_scraped_count, response_received_count and log_count/ERROR', () => {
    expect(jobFigures(JSON.parse(SPEC_EXAMPLE_TEXT) as JobMetadata)).toEqual({
      items: 1,
      requests: 2,
      errors: 0,
    })
    expect(
      jobFigures({
        scrapystats: {
          item_scraped_count: 5,
          response_received_count: 8,
          'downloader/request_count': 12,
          'log_count/ERROR': 2,
          'log_count/CRITICAL': 1,
        },
      }),
    ).toEqual({ items: 5, requests: 8, errors: 2 })
  })

  it('says 0 errors only when the job logged something, and nothing without stats', () => {
    expect(jobFigures({ scrapystats: { 'log_count/INFO': 4 } })).toEqual({ errors: 0 })
    expect(jobFigures({ scrapystats: { 'log_count/CUSTOM': 1 } })).toEqual({ errors: 0 })
    expect(jobFigures({ scrapystats: { item_scraped_count: 1 } })).toEqual({ items: 1 })
    expect(jobFigures({ state: 'pending' })).toEqual({})
  })

  it('falls back to the add_summary counters when the document has no stats', () => {
    expect(jobFigures({ items: 3, pages: 4, logs: 9 })).toEqual({
      items: 3,
      requests: 4,
      errors: 0,
    })
  })

  it('treats values of the wrong type, negative or not finite as missing', () => {
    const odd = {
      scrapystats: { item_scraped_count: '5', response_received_count: -1, 'log_count/ERROR': 'x' },
    } as unknown as JobMetadata
    expect(jobFigures(odd)).toEqual({})
    expect(jobFigures({ scrapystats: 'nope' } as unknown as JobMetadata)).toEqual({})
    expect(jobFigures(null as unknown as JobMetadata)).toEqual({})
  })
})

describe('rowFigures', () => {
  it('reads items, pages and errors (0 when the row has logs but no errors)', () => {
    expect(rowFigures({ key: '1/2/3', items: 4, pages: 9, logs: 3, errors: 1 })).toEqual({
      items: 4,
      requests: 9,
      errors: 1,
    })
    expect(rowFigures({ key: '1/2/3', logs: 3 })).toEqual({ errors: 0 })
    expect(rowFigures({ key: '1/2/3', state: 'pending' })).toEqual({})
    expect(rowFigures({ items: Number.NaN, pages: '2', errors: -1 })).toEqual({})
  })

  it('agrees with jobFigures for the row JobQ makes from a job’s stats', () => {
    // JobQ's counters (as the emulator derives them): items, pages, the sum of every log_count,
    // log_count/ERROR; each only when its stats exist
    const rowOf = (stats: Record<string, number>) => {
      const row: Record<string, number> = {}
      if ('item_scraped_count' in stats) row.items = stats.item_scraped_count!
      if ('response_received_count' in stats) row.pages = stats.response_received_count!
      const logs = Object.keys(stats).filter((k) => k.startsWith('log_count/'))
      if (logs.length > 0) row.logs = logs.reduce((n, k) => n + stats[k]!, 0)
      if ('log_count/ERROR' in stats) row.errors = stats['log_count/ERROR']!
      return row
    }
    const name = fc.constantFrom(
      'item_scraped_count',
      'response_received_count',
      'downloader/request_count',
      'log_count/INFO',
      'log_count/WARNING',
      'log_count/ERROR',
      'log_count/CRITICAL',
      'log_count/DEBUG',
    )
    fc.assert(
      fc.property(fc.dictionary(name, fc.nat()), (stats) => {
        expect(rowFigures(rowOf(stats))).toEqual(jobFigures({ scrapystats: stats }))
      }),
    )
  })
})
