// jobs(p).push and jobs(p).cancel against the emulator over HTTP.

import { emulatorControl } from '@jobmeta/emulator'
import { type RunningEmulator, startEmulator } from '@jobmeta/emulator/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from './client.ts'
import { BadRequestError, DuplicateJobError, ServerError } from './errors.ts'

const P = 4000
const KEY = '0123abcd0123abcd0123abcd0123abcd'

let server: RunningEmulator

beforeAll(async () => {
  server = await startEmulator({ port: 0, apikeys: { [KEY]: [P] }, seed: 'empty' })
})
afterAll(async () => {
  await server?.close()
})
// No fault or request count outlives its test, even a failed one.
afterEach(async () => {
  await emulatorControl(server.url).reset()
})

const client = () =>
  createClient({
    apikey: KEY,
    storageUrl: server.url,
    retry: { baseDelayMs: 1, maxDelayMs: 2, jitterMs: 0 },
  })

describe('jobs(p).push', () => {
  it('schedules a pending job with the given parameters; a running push answers a token', async () => {
    const jobs = client().jobs(P)
    const pushed = await jobs.push('books', { priority: 3, add_tag: 'nightly', owner: 'ana' })
    expect(pushed).toEqual({ key: `${P}/1/1`, auth: null })
    expect(await client().job(pushed.key).get()).toMatchObject({
      state: 'pending',
      spider: 'books',
      priority: 3,
      tags: ['nightly'],
      owner: 'ana',
    })
    const running = await jobs.push('books', { state: 'running' })
    expect(running.key).toBe(`${P}/1/2`)
    expect(running.auth).toMatch(/^eyJ/)
    // the token is a working job credential
    const asJob = createClient({
      jobAuth: `${running.key}:${running.auth}`,
      storageUrl: server.url,
    })
    expect(await asJob.job(running.key).field('state')).toBe('running')
  })

  it('a held unique key is DuplicateJobError; nothing is scheduled', async () => {
    const jobs = client().jobs(P)
    await jobs.push('uniq', { unique: 'h1' })
    const e = await jobs.push('uniq', { unique: 'h1' }).catch((err: unknown) => err)
    expect(e).toBeInstanceOf(DuplicateJobError)
    expect((e as Error).message).toContain('Active job exists with key h1')
    expect((e as Error).message).not.toContain(KEY)
    expect(await jobs.count({ spider: 'uniq', state: 'pending' })).toBe(1)
  })

  it('is never retried (a repeated push would schedule twice) and refuses bad input locally', async () => {
    const ctl = emulatorControl(server.url)
    await ctl.reset()
    await ctl.setFaults({ status: 503, times: 1 })
    await expect(client().jobs(P).push('books')).rejects.toBeInstanceOf(ServerError)
    expect(await ctl.count('POST /jobq/:project/push')).toBe(1)
    await ctl.reset()
    await expect(client().jobs(P).push('')).rejects.toBeInstanceOf(BadRequestError)
    await expect(client().jobs(P).push('books', { x: 10n })).rejects.toBeInstanceOf(BadRequestError)
    expect(await ctl.count('POST /jobq/:project/push')).toBe(0)
  })
})

describe('jobs(p).cancel', () => {
  it('cancels pending jobs at once and asks running ones to stop; answers the count', async () => {
    const jobs = client().jobs(P)
    const pending = await jobs.push('c')
    const running = await jobs.push('c', { state: 'running' })
    expect(await jobs.cancel([pending.key, running.key, `${P}/9/9`])).toBe(2)
    expect(await client().job(pending.key).get()).toMatchObject({
      state: 'finished',
      close_reason: 'cancelled',
    })
    expect(await client().job(running.key).get()).toMatchObject({
      state: 'running',
      stop_requested: true,
    })
    expect(await jobs.cancel([pending.key])).toBe(0)
  })

  it('refuses keys of another project locally and sends nothing for an empty list', async () => {
    const ctl = emulatorControl(server.url)
    await ctl.reset()
    await expect(client().jobs(P).cancel(['1/2/3'])).rejects.toBeInstanceOf(BadRequestError)
    expect(await client().jobs(P).cancel([])).toBe(0)
    expect(await ctl.count('POST /jobq/:project/cancel')).toBe(0)
  })
})
