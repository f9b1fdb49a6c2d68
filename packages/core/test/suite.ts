// The client's integration tests against the emulator over real HTTP. Registered by
// src/client.int.test.ts (Node) and test/workers/client.workers.test.ts (workerd).
// Web-standard only: this file runs inside workerd too.

import { emulatorControl } from '@jobmeta/emulator'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  AbortedError,
  BadRequestError,
  type ClientOptions,
  createClient,
  credentialsFromEnv,
  ForbiddenError,
  JobmetaError,
  JobNotFoundError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  type RetryInfo,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  ValidationError,
  ValueTooLargeError,
} from '../src/index.ts'
import { FAST_RETRY, JOB_TOKEN, KEY, OTHER_KEY, P, P2 } from './emulator.ts'

const GET_JOB = 'GET /jobs/:project/:spider/:job'
const GET_FIELD = 'GET /jobs/:project/:spider/:job/:field'
const POST_FIELD = 'POST /jobs/:project/:spider/:job/:field'
const POST_JOB = 'POST /jobs/:project/:spider/:job'
const LIST = 'GET /jobq/:project/list'

const hex = (s: string) =>
  Array.from(new TextEncoder().encode(s), (b) => b.toString(16).padStart(2, '0')).join('')

async function keysOf(it: AsyncIterable<{ key: string }>): Promise<string[]> {
  const out: string[] = []
  for await (const r of it) out.push(r.key)
  return out
}

async function rejection(p: Promise<unknown>): Promise<JobmetaError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(JobmetaError)
    return e as JobmetaError
  }
  throw new Error('expected a rejection')
}

function noKeyIn(e: JobmetaError, key = KEY): void {
  for (const s of [e.message, e.url ?? '', e.body ?? '', String(e.stack)])
    expect(s).not.toContain(key)
}

/** Register the suite; `base()` is the emulator URL, known once the suite's beforeAll ran. */
export function clientSuite(base: () => string): void {
  const ctl = () => emulatorControl(base())
  const client = (o: ClientOptions = {}) =>
    createClient({ apikey: KEY, storageUrl: base(), retry: FAST_RETRY, timeoutMs: 5000, ...o })

  // Every test starts with no fault injected and zeroed request counters, even after a failure.
  afterEach(async () => {
    await ctl().reset()
  })

  describe('job(key).get', () => {
    it('returns validated metadata, unknown fields kept, null fields dropped', async () => {
      const meta = await client().job(`${P}/1/1`).get()
      expect(meta.state).toBe('finished')
      expect(meta.scrapystats?.['downloader/response_status_count/404']).toBe(1)
      expect(meta.scrapystats?.finish_time).toBe(1566311822568)
      expect(meta.owner).toBe('ana')
      expect('note' in meta).toBe(false)
      expect('auth' in meta).toBe(false)
    })

    it('raw: true returns the object as sent', async () => {
      const meta = await client().job(` https://app.zyte.com/p/${P}/1/1/items `).get({ raw: true })
      expect(meta.note).toBeNull()
    })

    it('addSummary merges JobQ summary fields', async () => {
      const meta = await client().job(`${P}/1/1`).get({ addSummary: true })
      expect(meta.key).toBe(`${P}/1/1`)
      expect(typeof meta.ts).toBe('number')
      expect(typeof meta.elapsed).toBe('number')
    })

    it('an empty body means the job does not exist', async () => {
      const e = await rejection(client().job(`${P}/9/99`).get())
      expect(e).toBeInstanceOf(JobNotFoundError)
      expect(e).toBeInstanceOf(NotFoundError)
      expect(e.message).toContain(`${P}/9/99`)
    })

    it('accepts the JSON-array form (?format=json) through a custom fetch', async () => {
      const seen: string[] = []
      const c = client({
        fetch: (input, init) => {
          const url = new URL(input instanceof Request ? input.url : String(input))
          url.searchParams.set('format', 'json')
          seen.push(url.pathname)
          return fetch(url, init)
        },
      })
      expect((await c.job(`${P}/2/4`).get()).close_reason).toBe('failed')
      await expect(c.job(`${P}/9/98`).get()).rejects.toBeInstanceOf(JobNotFoundError)
      expect(seen).toEqual([`/jobs/${P}/2/4`, `/jobs/${P}/9/98`])
    })
  })

  describe('field / set / update / delete', () => {
    it('reads typed fields; null and missing are undefined', async () => {
      const job = client().job(`${P}/1/1`)
      expect(await job.field('state')).toBe('finished')
      expect(await job.field('tags')).toEqual(['tag1', 'tag2'])
      expect(await job.field('note')).toBeUndefined()
      expect(await job.field('no_such_field')).toBeUndefined()
      expect(await job.field('scrapystats')).toMatchObject({ 'log_count/INFO': 11 })
    })

    it('set, update and delete round-trip (field names URL-encoded)', async () => {
      const job = client().job(`${P}/1/2`)
      await job.set('odd name?&#%', { deep: [1, 'two'] })
      expect(await job.field('odd name?&#%')).toEqual({ deep: [1, 'two'] })
      await job.set('label', 'plain string')
      expect(await job.field('label')).toBe('plain string')
      await job.update({ a: 1, b: ['x'], label: 'changed' })
      const meta = await job.get()
      expect(meta).toMatchObject({ a: 1, b: ['x'], label: 'changed', state: 'running' })
      await job.delete('a')
      await job.delete('never_there')
      expect(await job.field('a')).toBeUndefined()
      expect(await ctl().count(POST_FIELD)).toBe(2)
      expect(await ctl().count(POST_JOB)).toBe(1)
    })

    it('refuses state, auth and _key locally, without a request', async () => {
      const job = client().job(`${P}/1/2`)
      for (const p of [
        job.update({ state: 'finished' }),
        job.update({ ok: 1, _key: 'x' }),
        job.set('auth', 'x'),
        job.set('state', 'finished'),
        job.delete('state'),
        job.set('a/b', 1),
        job.set('x', undefined),
      ]) {
        const e = await rejection(p)
        expect(e).toBeInstanceOf(BadRequestError)
        expect(e.status).toBeUndefined()
      }
      expect((await ctl().stats()).total).toBe(0)
      expect(await job.field('state')).toBe('running')
    })

    it('a value over 1 MiB is ValueTooLargeError (not retried)', async () => {
      const e = await rejection(
        client()
          .job(`${P}/1/2`)
          .set('big', 'x'.repeat(1024 * 1024 + 10)),
      )
      expect(e).toBeInstanceOf(ValueTooLargeError)
      expect(e.status).toBe(413)
      expect(e.message).toContain('value too large')
      expect(await ctl().count(POST_FIELD)).toBe(1)
    })
  })

  describe('validation modes', () => {
    it('warn (default) returns the job with odd fields as sent and names them; strict throws with the job; off returns', async () => {
      const key = `${P}/7/1`
      await client()
        .job(key)
        .update({
          state_note: 'x',
          tags: 42,
          priority: 'high',
          spider_args: { n: 1, on: true, list: [1], obj: { a: null } },
          scrapystats: { 'a/b': 1, 'a/null': null, 'a/odd': [1, 2] },
        })
      const warnings: ValidationError[] = []
      const warned = await client({ onWarning: (w) => warnings.push(w) })
        .job(key)
        .get()
      // the rest of the job is typed and readable; odd fields are kept as sent
      expect(warned.state_note).toBe('x')
      expect(warned.tags).toBe(42)
      expect(warned.spider_args).toEqual({ n: 1, on: true, list: [1], obj: { a: null } })
      expect(warned.scrapystats?.['a/null']).toBeNull()
      expect(warnings).toHaveLength(1)
      const w = warnings[0]!
      expect(w.fields.map((f) => f.path)).toEqual([
        ['tags'],
        ['priority'],
        ['scrapystats', 'a/odd'],
      ])
      expect(w.fields[0]).toEqual({
        path: ['tags'],
        expected: 'array of strings',
        got: 'number 42',
      })
      expect(w.message).toContain(`metadata of job ${key}`)
      expect(w.message).toContain('tags: expected array of strings, got number 42')
      expect(w.value).toBe(warned)

      const e = await rejection(client({ validation: 'strict' }).job(key).get())
      expect(e).toBeInstanceOf(ValidationError)
      const v = e as ValidationError
      expect(v.issues.map((i) => i.path[0]).sort()).toEqual(['priority', 'scrapystats', 'tags'])
      expect(v.pretty).toContain('tags')
      // one bad field never costs the rest: the job as sent travels with the error
      expect((v.value as Record<string, unknown>).state_note).toBe('x')
      await expect(client({ validation: 'strict' }).job(key).field('tags')).rejects.toBeInstanceOf(
        ValidationError,
      )
      expect(
        await client({ onWarning: () => {} })
          .job(key)
          .field('tags'),
      ).toBe(42)

      const off = await client({ validation: 'off', onWarning: (w) => warnings.push(w) })
        .job(key)
        .get()
      expect(off.priority).toBe('high')
      expect(warnings).toHaveLength(1)
    })
  })

  describe('jobs(project).list / count / summary', () => {
    const jobs = () => client().jobs(P)
    it.each([
      ['default: finished only', {}, ['3/6', '2/4', '1/1']],
      ['state[]', { state: ['pending', 'running'] as const }, ['2/3', '1/2']],
      ['single state', { state: 'deleted' as const }, ['1/5']],
      ['spider', { spider: 'other', state: ['pending', 'finished'] as const }, ['2/4', '2/3']],
      [
        'hasTag (OR)',
        { hasTag: ['tag2', 'nope'], state: ['running', 'finished'] as const },
        ['1/2', '1/1'],
      ],
      ['hasTag single', { hasTag: 'tag1' }, ['2/4', '1/1']],
      ['lacksTag (AND)', { lacksTag: ['tag1', 'tag2'] }, ['3/6']],
      [
        'startTs inclusive / endTs exclusive',
        { startTs: 1_700_000_060_000, endTs: 1_700_000_800_000 },
        ['2/4', '1/1'],
      ],
      ['count', { count: 2 }, ['3/6', '2/4']],
      ['start', { start: 1 }, ['2/4', '1/1']],
      ['stop', { stop: `${P}/2/4` }, ['3/6']],
      ['key[]', { key: [`${P}/1/1`, ` ${P}/2/4 `] }, ['2/4', '1/1']],
    ] as const)('%s', async (_name, filters, expected) => {
      expect(await keysOf(jobs().list(filters as never))).toEqual(expected.map((k) => `${P}/${k}`))
    })

    it('meta[] is sent as jobmeta: rows hold only key, state, elapsed, ts, those fields and tags', async () => {
      const rows = []
      for await (const r of jobs().list({ meta: ['owner'], key: [`${P}/1/1`] })) rows.push(r)
      expect(rows).toHaveLength(1)
      expect(Object.keys(rows[0]!).sort()).toEqual([
        'elapsed',
        'key',
        'owner',
        'state',
        'tags',
        'ts',
      ])
      expect(rows[0]!.owner).toBe('ana')
    })

    it('rows are typed JobQ rows', async () => {
      for await (const r of jobs().list({ state: ['pending', 'running', 'finished', 'deleted'] })) {
        expect(r.key).toMatch(/^1000\/\d+\/\d+$/)
        expect(typeof r.ts).toBe('number')
        expect(typeof r.elapsed).toBe('number')
      }
    })

    it('breaking out early releases the stream', async () => {
      const seen: string[] = []
      for await (const r of jobs().list({ state: ['pending', 'running', 'finished', 'deleted'] })) {
        seen.push(r.key)
        break
      }
      expect(seen).toEqual([`${P}/3/6`])
      expect(await jobs().count()).toBe(3)
    })

    it('rejects bad filters locally', async () => {
      await expect(keysOf(jobs().list({ state: 'done' as never }))).rejects.toBeInstanceOf(
        BadRequestError,
      )
      await expect(jobs().count({ count: -1 })).rejects.toBeInstanceOf(BadRequestError)
      await expect(jobs().count({ stop: 'nope' })).rejects.toThrow(/expected a job key/)
    })

    it('count with filters', async () => {
      expect(await jobs().count()).toBe(3)
      expect(await jobs().count({ state: ['pending', 'running', 'finished', 'deleted'] })).toBe(6)
      expect(await jobs().count({ spider: 'other', state: ['pending', 'finished'] })).toBe(2)
      expect(await jobs().count({ hasTag: 'tag1' })).toBe(2)
    })

    it('summary by project, state and spider', async () => {
      const all = await jobs().summary()
      expect(all.map((s) => [s.name, s.count])).toEqual([
        ['pending', 1],
        ['running', 1],
        ['finished', 3],
      ])
      expect(all[2]!.summary[0]!.key).toBe(`${P}/3/6`)
      const running = await jobs().summary('running')
      expect(running).toHaveLength(1)
      expect(running[0]!.summary[0]!.key).toBe(`${P}/1/2`)
      const spider2 = await client().jobs(`${P}/2`).summary()
      expect(spider2.map((s) => s.count)).toEqual([1, 0, 1])
      expect((await client().jobs(String(P)).summary('finished'))[0]!.count).toBe(3)
    })

    it('jobSummary returns rows of the given keys', async () => {
      const rows = await jobs().jobSummary([`${P}/1/1`, `${P}/2/3`])
      expect(rows.map((r) => r.key).sort()).toEqual([`${P}/1/1`, `${P}/2/3`])
    })

    it('lastJobs, spiderId and project summaries (also inside workerd)', async () => {
      expect(await keysOf(jobs().lastJobs())).toEqual([`${P}/3/6`, `${P}/2/4`, `${P}/1/1`])
      expect(await jobs().spiderId('other')).toBe(2)
      expect(await keysOf(jobs().lastJobs({ spider: 'other' }))).toEqual([`${P}/2/4`])
      expect(await client().project(P).summary()).toMatchObject({ pending: 1, running: 1 })
      const all = await client().projects.summary()
      expect(all.map((p) => p.project)).toEqual([P, P2])
    })
  })

  describe('getMany', () => {
    it('returns results in order, one error per failed key', async () => {
      const res = await client().getMany(
        [`${P}/1/1`, 'garbage', `${P}/9/99`, { project: P, spider: 2, job: 4, key: `${P}/2/4` }],
        {
          concurrency: 2,
        },
      )
      expect(res.map((r) => r.key)).toEqual([`${P}/1/1`, 'garbage', `${P}/9/99`, `${P}/2/4`])
      expect(res[0]!.meta?.state).toBe('finished')
      expect(res[1]!.error?.name).toBe('InvalidKeyError')
      expect(res[2]!.error).toBeInstanceOf(JobNotFoundError)
      expect(res[3]!.meta?.close_reason).toBe('failed')
    })

    it('keeps at most `concurrency` requests in flight', async () => {
      await ctl().setFaults({ latencyMs: 15, match: '/jobs/' })
      let inFlight = 0
      let peak = 0
      const c = client({
        fetch: async (input, init) => {
          peak = Math.max(peak, ++inFlight)
          try {
            const res = await fetch(input, init)
            await res.clone().arrayBuffer()
            return res
          } finally {
            inFlight--
          }
        },
      })
      const keys = Array.from({ length: 12 }, (_, i) => `${P}/1/${(i % 2) + 1}`)
      const res = await c.getMany(keys, { concurrency: 3 })
      expect(res.every((r) => r.meta)).toBe(true)
      expect(peak).toBe(3)
    })
  })

  describe('waitFor', () => {
    it('resolves at once for a job already in the state', async () => {
      const polls: string[] = []
      const m = await client()
        .job(`${P}/1/1`)
        .waitFor({ intervalMs: 1, onPoll: (x) => polls.push(String(x.state)) })
      expect(m.state).toBe('finished')
      expect(polls).toEqual(['finished'])
    })

    it('polls until the job reaches the state', async () => {
      const key = `${P2}/1/1`
      const polls: unknown[] = []
      let moved = false
      const m = await client()
        .job(key)
        .waitFor({
          until: 'running',
          intervalMs: 2,
          onPoll: (x) => {
            polls.push(x.state)
            if (moved) return
            moved = true
            // move the job on through JobQ, as the platform would
            void fetch(new URL(`jobq/${P2}/update`, base()), {
              method: 'POST',
              headers: { authorization: `Basic ${btoa(`${KEY}:`)}` },
              body: JSON.stringify({ key, state: 'running' }),
            })
          },
        })
      expect(m.state).toBe('running')
      expect(polls[0]).toBe('pending')
      expect(polls.at(-1)).toBe('running')
    })

    it('a job already past the state ends the wait', async () => {
      const m = await client().job(`${P}/1/5`).waitFor({ until: 'finished', intervalMs: 1 })
      expect(m.state).toBe('deleted')
    })

    it('stops on AbortSignal with AbortedError', async () => {
      const ac = new AbortController()
      const p = client()
        .job(`${P}/1/2`)
        .waitFor({ intervalMs: 60_000, signal: ac.signal, onPoll: () => ac.abort() })
      await expect(p).rejects.toBeInstanceOf(AbortedError)
    })
  })

  describe('errors over HTTP', () => {
    it('401 without credentials: JobQ four-line JSON body, storage text body', async () => {
      const anonymous = createClient({ storageUrl: base(), retry: false })
      const jobq = await rejection(anonymous.jobs(P).count())
      expect(jobq).toBeInstanceOf(UnauthorizedError)
      expect(jobq.status).toBe(401)
      expect(jobq.message).toMatch(/-> 401: Unauthorized$/)
      expect(jobq.body).toContain('"message"')
      const storage = await rejection(anonymous.job(`${P}/1/1`).get())
      expect(storage).toBeInstanceOf(UnauthorizedError)
      expect(storage.message).toMatch(/-> 401: Unauthorized$/)
      expect(storage.body?.trim()).toBe('Unauthorized')
    })

    it('401 with a text body; ?apikey= mode never leaks the key', async () => {
      await ctl().setFaults({ status: 401, times: 1 })
      const e = await rejection(client({ authMode: 'query' }).job(`${P}/1/1`).get())
      expect(e).toBeInstanceOf(UnauthorizedError)
      expect(e.url).toContain('apikey=REDACTED')
      expect(e.message).toContain('401')
      noKeyIn(e)
      const wrong = 'ffffffffffffffffffffffffffffffff'
      const w = await rejection(client({ authMode: 'query', apikey: wrong }).jobs(P).count())
      expect(w).toBeInstanceOf(UnauthorizedError)
      noKeyIn(w, wrong)
    })

    it('403 for a project the key cannot read', async () => {
      const e = await rejection(client({ apikey: OTHER_KEY }).job(`${P}/1/1`).get())
      expect(e).toBeInstanceOf(ForbiddenError)
      expect(e.message).toContain(`Access to project ${P} is not allowed`)
      noKeyIn(e, OTHER_KEY)
    })

    it('404 text body for an unknown route', async () => {
      const e = await rejection(
        client({ storageUrl: new URL('nowhere/', base()).toString() })
          .job(`${P}/1/1`)
          .get(),
      )
      expect(e).toBeInstanceOf(NotFoundError)
      expect(e).not.toBeInstanceOf(JobNotFoundError)
      expect(e.message).toMatch(/404: Not Found$/)
    })

    it('400 is BadRequestError and not retried', async () => {
      await ctl().setFaults({ status: 400 })
      const e = await rejection(client().job(`${P}/1/1`).get())
      expect(e).toBeInstanceOf(BadRequestError)
      expect(e.status).toBe(400)
    })

    it('503 HTML page: reduced to its heading, retried 4 times in all', async () => {
      await ctl().setFaults({ status: 503 })
      const e = await rejection(client().job(`${P}/1/1`).get())
      const n = await ctl().count(GET_JOB)
      expect(e).toBeInstanceOf(ServerError)
      expect(e.message).toMatch(/503: 503 Service Unavailable$/)
      expect(e.message).not.toContain('<')
      expect(e.body).toContain('<h1>')
      expect(n).toBe(4)
    })

    it('retries 408/502/503/504 then succeeds', async () => {
      for (const status of [408, 502, 503, 504]) {
        await ctl().reset()
        await ctl().setFaults({ status, times: 2 })
        expect((await client().job(`${P}/1/1`).get()).state).toBe('finished')
        expect(await ctl().count(GET_JOB)).toBe(3)
      }
    })

    it('onRetry sees each retry before its wait (get and a streamed list), with the attempt and the error', async () => {
      await ctl().setFaults({ status: 503, times: 2 })
      const seen: RetryInfo[] = []
      const c = client({ onRetry: (info) => seen.push(info) })
      expect((await c.job(`${P}/1/1`).get()).state).toBe('finished')
      expect(seen.map((i) => [i.attempt, i.attempts])).toEqual([
        [1, 4],
        [2, 4],
      ])
      expect(seen.every((i) => i.error instanceof ServerError && i.delayMs >= 0)).toBe(true)
      seen.length = 0
      await ctl().setFaults({ status: 502, times: 1, match: '/jobq/' })
      expect((await keysOf(c.jobs(P).list())).length).toBeGreaterThan(0)
      expect(seen).toHaveLength(1)
      expect(seen[0]?.error).toMatchObject({ status: 502 })
    })

    it('no retry starts past the overall deadline', async () => {
      await ctl().setFaults({ status: 503 })
      // the first wait (200 ms) would already end past the 150 ms deadline, however fast the machine:
      // one attempt, not ten (the exact arithmetic is unit-tested with a clock in retry.test.ts)
      const retry = {
        attempts: 10,
        baseDelayMs: 200,
        maxDelayMs: 200,
        jitterMs: 0,
        deadlineMs: 150,
      }
      await expect(client({ retry }).job(`${P}/1/1`).get()).rejects.toBeInstanceOf(ServerError)
      const n = await ctl().count(GET_JOB)
      expect(n).toBe(1)
    })

    it('500 is not retried', async () => {
      await ctl().setFaults({ status: 500 })
      await expect(client().job(`${P}/1/1`).get()).rejects.toBeInstanceOf(ServerError)
      expect(await ctl().count(GET_JOB)).toBe(1)
    })

    it('429 + Retry-After: honoured (capped), then succeeds; without retries it is RateLimitedError', async () => {
      await ctl().setFaults({ status: 429, retryAfter: 1, times: 2 })
      const started = Date.now()
      const c = client({ retry: { ...FAST_RETRY, maxRetryAfterMs: 60 } })
      expect(await c.job(`${P}/1/1`).field('state')).toBe('finished')
      // two waits of min(1 s, 60 ms) instead of the 2-10 ms backoff
      expect(Date.now() - started).toBeGreaterThanOrEqual(110)
      expect(await ctl().count(GET_FIELD)).toBe(3)
      await ctl().setFaults({ status: 429, retryAfter: 7, times: 1 })
      const e = await rejection(client({ retry: false }).job(`${P}/1/1`).get())
      expect(e).toBeInstanceOf(RateLimitedError)
      expect((e as RateLimitedError).retryAfterMs).toBe(7000)
    })

    it('connection resets are NetworkError, retried', async () => {
      await ctl().setFaults({ resetRate: 1, times: 2 })
      expect((await client().job(`${P}/1/1`).get()).state).toBe('finished')
      expect(await ctl().count(GET_JOB)).toBe(3)
      await ctl().reset()
      await ctl().setFaults({ resetRate: 1 })
      const e = await rejection(client().job(`${P}/1/1`).get())
      expect(e).toBeInstanceOf(NetworkError)
      noKeyIn(e)
    })

    it('truncated bodies are NetworkError, retried; list too', async () => {
      await ctl().setFaults({ truncateRate: 1, times: 1 })
      expect((await client().job(`${P}/1/1`).get()).state).toBe('finished')
      expect(await ctl().count(GET_JOB)).toBe(2)
      await ctl().setFaults({ truncateRate: 1, match: '/jobq/' })
      // cut inside the first row: nothing was yielded yet, so the request is retried
      const e = await rejection(keysOf(client().jobs(P).list({ count: 1 })))
      expect(e).toBeInstanceOf(NetworkError)
      expect(await ctl().count(LIST)).toBe(4)
      // cut after a complete row: that row is delivered, then the error ends the iteration (no retry)
      await ctl().reset()
      await ctl().setFaults({ truncateRate: 1, match: '/jobq/' })
      const got: string[] = []
      const e2 = await rejection(
        (async () => {
          for await (const r of client()
            .jobs(P)
            .list({ state: ['pending', 'running', 'finished', 'deleted'] }))
            got.push(r.key)
        })(),
      )
      const n = await ctl().count(LIST)
      expect(e2).toBeInstanceOf(NetworkError)
      expect(got.length).toBeGreaterThan(0)
      expect(got.length).toBeLessThan(6)
      expect(n).toBe(1)
    })

    it('slow answers are TimeoutError, retried', async () => {
      // the retry must answer within timeoutMs: leave a loaded machine (and workerd) plenty of room
      await ctl().setFaults({ latencyMs: 1500, times: 1 })
      expect((await client({ timeoutMs: 500 }).job(`${P}/1/1`).get()).state).toBe('finished')
      await ctl().setFaults({ latencyMs: 300 })
      const e = await rejection(
        client({ timeoutMs: 40, retry: { ...FAST_RETRY, attempts: 2 } })
          .job(`${P}/1/1`)
          .get(),
      )
      expect(e).toBeInstanceOf(TimeoutError)
      expect(e.message).toContain('timed out after 40 ms')
      // the emulator counts a request when it answers: wait for the two slow ones (plus the first)
      await vi.waitFor(async () => expect(await ctl().count(GET_JOB)).toBe(4), { timeout: 3000 })
    })

    it('AbortSignal ends a streamed list mid-way', async () => {
      const ac = new AbortController()
      const got: string[] = []
      const e = await rejection(
        (async () => {
          for await (const r of client()
            .jobs(P)
            .list(
              { state: ['pending', 'running', 'finished', 'deleted'] },
              { signal: ac.signal },
            )) {
            got.push(r.key)
            ac.abort()
          }
        })(),
      )
      expect(e).toBeInstanceOf(AbortedError)
      expect(got).toHaveLength(1)
    })

    it('AbortSignal cancels an in-flight request and stops retries', async () => {
      await ctl().setFaults({ latencyMs: 2000, times: 1 })
      const e = await rejection(
        client()
          .job(`${P}/1/1`)
          .get({ signal: AbortSignal.timeout(30) }),
      )
      expect(e).toBeInstanceOf(AbortedError)
      await ctl().reset()
      await ctl().setFaults({ status: 503 })
      const ac = new AbortController()
      const c = client({
        retry: { baseDelayMs: 60_000 },
        fetch: async (input, init) => {
          const res = await fetch(input, init)
          ac.abort()
          return res
        },
      })
      const started = Date.now()
      const a = await rejection(c.job(`${P}/1/1`).get({ signal: ac.signal }))
      expect(a).toBeInstanceOf(AbortedError)
      expect(Date.now() - started).toBeLessThan(30_000)
      expect(await ctl().count(GET_JOB)).toBe(1)
      await ctl().reset()
      const pre = await rejection(
        createClient({ storageUrl: base(), signal: AbortSignal.abort() }).jobs(P).count(),
      )
      expect(pre).toBeInstanceOf(AbortedError)
      expect((await ctl().stats()).total).toBe(0)
    })
  })

  describe('auth and headers', () => {
    it('job token from SHUB_JOBAUTH (hex) reads the project; userAgent is sent', async () => {
      const agents: (string | null)[] = []
      const creds = credentialsFromEnv({ SHUB_JOBAUTH: hex(`${P}/1/2:${JOB_TOKEN}`) })
      expect(creds).toEqual({ jobAuth: hex(`${P}/1/2:${JOB_TOKEN}`) })
      const c = createClient({
        ...creds,
        storageUrl: base(),
        userAgent: 'my-tool/1.0',
        fetch: (input, init) => {
          agents.push(new Headers(init?.headers).get('user-agent'))
          return fetch(input, init)
        },
      })
      expect(await c.job(`${P}/1/2`).field('auth')).toBe(JOB_TOKEN)
      expect(agents).toEqual(['my-tool/1.0'])
      const bad = createClient({ jobAuth: `${P}/1/2:wrong`, storageUrl: base(), retry: false })
      const e = await rejection(bad.job(`${P}/1/2`).get())
      expect(e).toBeInstanceOf(UnauthorizedError)
      noKeyIn(e, JOB_TOKEN)
    })
  })
}
