// The JobQ and project summary schemas against the shapes production was recorded sending.
import { describe, expect, it } from 'vitest'
import { checkJobQRow, checkJobQSummary } from './schema.ts'
import { ProjectJobSummarySchema, ProjectSummarySchema, SpiderIdSchema } from './zod-schemas.ts'

const RECORDED_ROWS = [
  // spec §4 example rows
  '{"key": "2222222/1/1503", "state": "pending", "elapsed": 5178, "spider": "hs-test-spider", "ts": 1477663440413, "pending_time": 1477663440413}',
  '{"finished_time": 1477663464949, "key": "2222222/1/1515", "state": "finished", "elapsed": 159, "spider": "hs-test-spider", "ts": 1477663464949, "tags": ["t1", "t2"]}',
  // python-scrapinghub's iter_last example: earlier *_time kept, a partial set of counters
  '{"close_reason": "success", "elapsed": 3062444, "errors": 1, "finished_time": 1482911633089, "key": "123/1/3", "logs": 8, "pending_time": 1482911596566, "running_time": 1482911598909, "spider": "spider1", "state": "finished", "ts": 1482911615830, "version": "some-version"}',
  // production doc examples: items, logs, pages only
  '{"key": "1/2/3", "state": "finished", "elapsed": 10, "ts": 5, "items": 3, "logs": 9, "pages": 4}',
  // jobmeta rows: only key, state, elapsed, ts, the fields asked for and tags
  '{"key": "1/2/4", "state": "finished", "elapsed": 10, "ts": 5, "units": 1}',
  '{"key": "1/2/5", "state": "pending", "elapsed": 10, "ts": 5, "spider_args": {"a": "1"}, "foo": [1, null], "tags": ["t"]}',
]

describe('JobQ rows as recorded', () => {
  it.each(RECORDED_ROWS)('accepts %s', (line) => {
    const r = checkJobQRow(JSON.parse(line))
    expect(r.success).toBe(true)
    if (r.success) expect(r.data).toEqual(JSON.parse(line))
  })

  it('a summary line holds such rows', () => {
    const line = { name: 'finished', count: 2, summary: RECORDED_ROWS.map((l) => JSON.parse(l)) }
    expect(checkJobQSummary(line).success).toBe(true)
  })

  it('still refuses a row without its key or with a wrongly typed counter', () => {
    expect(checkJobQRow({ state: 'finished', elapsed: 1, ts: 1 }).success).toBe(false)
    expect(
      checkJobQRow({ key: '1/2/3', state: 'finished', elapsed: 1, ts: 1, items: '3' }).success,
    ).toBe(false)
  })
})

describe('project summaries as recorded', () => {
  it('accepts the recorded /projects/P/jobsummary object and /projects/jobsummaries entries', () => {
    const one = {
      project: 2222222,
      running_units_count: 0,
      running: 0,
      pending: 0,
      finished: 0,
      pending_units_max: null,
      has_capacity: true,
    }
    expect(ProjectJobSummarySchema.parse(one)).toEqual(one)
    const entry = { project: 1, pending: 0, running: 2, finished: 7, has_capacity: false, x: 1 }
    expect(ProjectSummarySchema.parse(entry)).toEqual(entry)
    expect(
      ProjectSummarySchema.safeParse({ project: 1, pending: -1, running: 0, finished: 0 }).success,
    ).toBe(false)
  })

  it('a spider id is a positive integer or null', () => {
    expect(SpiderIdSchema.parse(1)).toBe(1)
    expect(SpiderIdSchema.parse(null)).toBeNull()
    expect(SpiderIdSchema.safeParse(0).success).toBe(false)
    expect(SpiderIdSchema.safeParse('1').success).toBe(false)
  })
})
