import { describe, expect, it } from 'vitest'
import { SPEC_EXAMPLE_TEXT } from '../test/fixtures.ts'
import { jobFigures } from './figures.ts'
import type { JobMetadata } from './schema.ts'
import { summarize } from './summarize.ts'

const meta = JSON.parse(SPEC_EXAMPLE_TEXT) as JobMetadata

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

  it('takes items, requests and errors from jobFigures', () => {
    const job = {
      state: 'finished' as const,
      scrapystats: {
        item_scraped_count: 7,
        response_received_count: 9,
        'downloader/request_count': 11,
        'log_count/INFO': 3,
      },
    }
    expect(summarize(job)).toMatchObject({ items: 7, requests: 9, errors: 0 })
    expect(summarize(job)).toMatchObject(jobFigures(job))
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
    // errors as jobFigures counts them: ERROR lines only, as JobQ does
    expect(e.errors).toBe(2)
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
