// client.project(p).summary() and client.projects.summary() against the emulator over HTTP.
import { type RunningEmulator, startEmulator } from '@jobmeta/emulator/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from './client.ts'
import { ForbiddenError, InvalidKeyError, UnauthorizedError, ValidationError } from './errors.ts'

const KEY = '0123abcd0123abcd0123abcd0123abcd'
const T = 1_700_000_000_000

let server: RunningEmulator

beforeAll(async () => {
  server = await startEmulator({
    port: 0,
    apikeys: { [KEY]: [10, 11] },
    seed: [
      { key: '10/1/1', spider: 'a', state: 'finished', finished_time: T },
      { key: '10/1/2', spider: 'a', state: 'running', running_time: T, units: 2 },
      { key: '10/1/3', spider: 'a', state: 'pending', pending_time: T },
      { key: '10/1/4', spider: 'a', state: 'pending', pending_time: T },
      { key: '12/1/1', spider: 'z', state: 'pending', pending_time: T },
    ],
  })
})
afterAll(async () => {
  await server?.close()
})

const client = (o = {}) => createClient({ apikey: KEY, storageUrl: server.url, retry: false, ...o })

describe('client.project(p).summary()', () => {
  it('answers the project job counts, typed', async () => {
    const s = await client().project(10).summary()
    expect(s).toEqual({
      project: 10,
      running_units_count: 2,
      running: 1,
      pending: 2,
      finished: 1,
      pending_units_max: null,
      has_capacity: true,
    })
    expect((await client().project('11').summary()).pending).toBe(0)
  })

  it('refuses a project it cannot parse locally; a project the key cannot read is ForbiddenError', async () => {
    expect(() => client().project('10/1')).toThrow(InvalidKeyError)
    expect(() => client().project(0)).toThrow(InvalidKeyError)
    await expect(client().project(12).summary()).rejects.toBeInstanceOf(ForbiddenError)
  })
})

describe('client.projects.summary()', () => {
  it('answers one entry per project the key reads', async () => {
    expect(await client().projects.summary()).toEqual([
      { project: 10, pending: 2, running: 1, finished: 1, has_capacity: true },
      { project: 11, pending: 0, running: 0, finished: 0, has_capacity: true },
    ])
  })

  it('a wrong key is UnauthorizedError; an unexpected shape is a ValidationError in strict mode', async () => {
    await expect(client({ apikey: 'wrong' }).projects.summary()).rejects.toBeInstanceOf(
      UnauthorizedError,
    )
    const lying = (async () =>
      new Response('[{"project": "ten"}]', {
        headers: { 'content-type': 'application/json' },
      })) as typeof fetch
    await expect(
      client({ fetch: lying, validation: 'strict' }).projects.summary(),
    ).rejects.toBeInstanceOf(ValidationError)
    const warnings: string[] = []
    const kept = await client({
      fetch: lying,
      validation: 'warn',
      onWarning: (e: ValidationError) => warnings.push(e.message),
    }).projects.summary()
    expect(kept).toEqual([{ project: 'ten' }])
    expect(warnings).toHaveLength(1)
  })
})
