import { describe, expect, it } from 'vitest'
import { DEFAULT_PUBLIC_FIELDS } from '../config.ts'
import { isPublicField, publicJob, publicRow } from './public-fields.ts'

const key = { project: 1, spider: 2, job: 3, key: '1/2/3' }
const meta = {
  state: 'finished',
  close_reason: 'finished',
  spider: 'books',
  tags: ['nightly'],
  version: 'abc-main',
  finished_time: 1700000000000,
  spider_args: { token: 'secret-arg' },
  job_settings: { PASSWORD: 'x' },
  environment: { SHUB_APIKEY: 'leak' },
  auth: 'jwt',
  _shub_worker: 'kumo',
  scheduled_by: 'alice',
  scrapystats: {
    item_scraped_count: 12,
    response_received_count: 30,
    'downloader/request_count': 31,
    'log_count/ERROR': 2,
    'log_count/CRITICAL': 1,
  },
}

describe('public fields', () => {
  it('keeps identity, outcome and the default fields, never the private ones', () => {
    const p = publicJob(meta, key, DEFAULT_PUBLIC_FIELDS)
    expect(p).toEqual({
      key: '1/2/3',
      project: 1,
      spider_id: 2,
      job: 3,
      outcome: 'ok',
      spider: 'books',
      state: 'finished',
      finished_time: 1700000000000,
      close_reason: 'finished',
      tags: ['nightly'],
      version: 'abc-main',
      items: 12,
      requests: 30,
      errors: 2,
    })
    const s = JSON.stringify(p)
    for (const secret of [
      'secret-arg',
      'PASSWORD',
      'leak',
      'jwt',
      'kumo',
      'alice',
      'scrapystats',
    ]) {
      expect(s).not.toContain(secret)
    }
  })

  it('publishes an extra field only when listed', () => {
    expect(publicJob(meta, key, ['scheduled_by'])).toMatchObject({ scheduled_by: 'alice' })
    expect(publicJob(meta, key, ['state'])).not.toHaveProperty('scheduled_by')
  })

  it('cannot reach a prototype through a field named __proto__', () => {
    const evil = JSON.parse('{"__proto__": {"polluted": true}, "state": "running"}')
    const p = publicJob(evil, key, ['__proto__', 'state'])
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('reduces JobQ rows, mapping pages to requests', () => {
    const row = {
      key: '1/2/3',
      state: 'finished',
      ts: 5,
      spider: 'books',
      items: 4,
      pages: 9,
      logs: 3,
      errors: 0,
      close_reason: 'failed',
      scheduled_by: 'bob',
    }
    expect(publicRow(row, DEFAULT_PUBLIC_FIELDS)).toEqual({
      key: '1/2/3',
      state: 'finished',
      ts: 5,
      outcome: 'failed',
      spider: 'books',
      close_reason: 'failed',
      items: 4,
      requests: 9,
      errors: 0,
    })
  })

  it('says which names the field route may serve', () => {
    expect(isPublicField('state', DEFAULT_PUBLIC_FIELDS)).toBe(true)
    expect(isPublicField('outcome', DEFAULT_PUBLIC_FIELDS)).toBe(true)
    expect(isPublicField('spider_args', DEFAULT_PUBLIC_FIELDS)).toBe(false)
  })
})
