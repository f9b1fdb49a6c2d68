import { createEmulator, DEMO_APIKEY, DEMO_PROJECT } from '@jobmeta/emulator'
import { describe, expect, it } from 'vitest'
import { createClient } from './client.ts'
import { BadRequestError, ValidationError } from './errors.ts'
import { parseMetadataBody } from './job.ts'

describe('parseMetadataBody', () => {
  it('reads one JSON line, a JSON array of one object, or nothing', () => {
    expect(parseMetadataBody('{"state": "finished", "finish_time": 1566311822568.0}')).toEqual({
      state: 'finished',
      finish_time: 1566311822568,
    })
    expect(parseMetadataBody('[{"a": 1}]')).toEqual({ a: 1 })
    expect(parseMetadataBody('{"a": 1}\n')).toEqual({ a: 1 })
    expect(parseMetadataBody('{"a": 1}\n{"a": 2}')).toEqual({ a: 1 })
    expect(parseMetadataBody('')).toBeUndefined()
    expect(parseMetadataBody(' \n')).toBeUndefined()
    expect(parseMetadataBody('[]')).toBeUndefined()
  })
  it('throws SyntaxError on a cut-short body (the client turns it into a retried NetworkError)', () => {
    expect(() => parseMetadataBody('{"state": "fin')).toThrow(SyntaxError)
  })
})

describe('field names', () => {
  it('refuses "." and ".." locally: URL resolution would turn them into another resource', async () => {
    const emulator = createEmulator()
    const urls: string[] = []
    const client = createClient({
      apikey: DEMO_APIKEY,
      storageUrl: 'http://emulator.test/',
      retry: false,
      fetch: async (input, init) => {
        const req = new Request(input, init)
        urls.push(`${req.method} ${new URL(req.url).pathname}`)
        return emulator.app.fetch(req)
      },
    })
    const job = client.job(`${DEMO_PROJECT}/1/1`)
    for (const name of ['.', '..']) {
      await expect(job.delete(name)).rejects.toBeInstanceOf(BadRequestError)
      await expect(job.set(name, 1)).rejects.toBeInstanceOf(BadRequestError)
      await expect(job.field(name)).rejects.toBeInstanceOf(BadRequestError)
    }
    expect(urls).toEqual([])
    // names that merely contain dots are ordinary fields
    await job.set('a..b', 1)
    expect(await job.field('a..b')).toBe(1)
    expect(urls).toEqual([
      `POST /jobs/${DEMO_PROJECT}/1/1/a..b`,
      `GET /jobs/${DEMO_PROJECT}/1/1/a..b`,
    ])
    emulator.close()
  })
})

describe('values to write', () => {
  it('refuses values JSON cannot carry with BadRequestError, without a request', async () => {
    const emulator = createEmulator()
    let requests = 0
    const client = createClient({
      apikey: DEMO_APIKEY,
      storageUrl: 'http://emulator.test/',
      retry: false,
      fetch: async (input, init) => {
        requests++
        return emulator.app.fetch(new Request(input, init))
      },
    })
    const job = client.job(`${DEMO_PROJECT}/1/1`)
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    for (const value of [10n, () => 1, Symbol('s'), cyclic]) {
      await expect(job.set('x', value)).rejects.toBeInstanceOf(BadRequestError)
    }
    await expect(job.update({ n: 10n })).rejects.toBeInstanceOf(BadRequestError)
    await expect(job.update(cyclic)).rejects.toBeInstanceOf(BadRequestError)
    expect(requests).toBe(0)
    emulator.close()
  })
})

describe('metadata that is not an object', () => {
  // The emulator stores objects only; a proxy or a broken server can answer anything.
  it('is a ValidationError in every mode but off: there is no job to keep', async () => {
    const fetchBody = (body: string) => async () => new Response(body, { status: 200 })
    for (const validation of ['warn', 'strict'] as const) {
      const client = createClient({
        storageUrl: 'http://server.test/',
        retry: false,
        validation,
        onWarning: () => {},
        fetch: fetchBody('[5]'),
      })
      const e = await client
        .job('1/2/3')
        .get()
        .catch((err: unknown) => err)
      expect(e).toBeInstanceOf(ValidationError)
      expect((e as ValidationError).fields).toEqual([
        { path: [], expected: 'object', got: 'number 5' },
      ])
    }
    const off = createClient({
      storageUrl: 'http://server.test/',
      retry: false,
      validation: 'off',
      fetch: fetchBody('"text"'),
    })
    expect(await off.job('1/2/3').get()).toBe('text')
  })
})
