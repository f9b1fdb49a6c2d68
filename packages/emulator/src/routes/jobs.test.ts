import { describe, expect, it } from 'vitest'
import { createEmulator, DEMO_APIKEY, DEMO_PROJECT } from '../index.ts'

const NOW = 1_700_000_000_000
const basic = (key: string) => ({ Authorization: `Basic ${btoa(`${key}:`)}` })
const AUTH = basic(DEMO_APIKEY)

function setup() {
  const emulator = createEmulator({
    now: () => NOW,
    seed: [
      {
        key: '1/2/3',
        state: 'finished',
        spider: 'testspider',
        finished_time: NOW - 1000,
        tags: ['tag1', 'tag2'],
        close_reason: 'finished',
        auth: 'secret-jwt',
        scrapystats: { item_scraped_count: 1, 'log_count/INFO': 11, start_time: 1566311819357 },
      },
      { key: '1/2/4', state: 'running', spider: 'testspider', running_time: NOW - 5000 },
    ],
    apikeys: { [DEMO_APIKEY]: [DEMO_PROJECT, 1], other: [DEMO_PROJECT] },
  })
  const req = (path: string, init: RequestInit = {}) =>
    emulator.app.request(path, { ...init, headers: { ...AUTH, ...init.headers } })
  return { emulator, req }
}

describe('GET /jobs/P/S/J', () => {
  it('answers one JSON line without a trailing newline, auth hidden', async () => {
    const { req } = setup()
    const res = await req('/jobs/1/2/3')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/x-jsonlines')
    const body = await res.text()
    expect(body.endsWith('\n')).toBe(false)
    expect(body.split('\n')).toHaveLength(1)
    expect(body).toContain('"tags": ["tag1", "tag2"]')
    expect(body).toContain('"start_time": 1566311819357.0')
    const meta = JSON.parse(body)
    expect(meta).toMatchObject({ state: 'finished', spider: 'testspider', project: 1 })
    expect(meta).not.toHaveProperty('auth')
  })

  it('gives a JSON array with ?format=json or Accept: application/json', async () => {
    const { req } = setup()
    for (const res of [
      await req('/jobs/1/2/3?format=json'),
      await req('/jobs/1/2/3', { headers: { Accept: 'application/json' } }),
    ]) {
      expect(res.headers.get('content-type')).toBe('application/json')
      const body = await res.json()
      expect(body).toHaveLength(1)
      expect(body[0].state).toBe('finished')
    }
  })

  it('answers 200 with an empty body for an unknown job, [] in JSON form', async () => {
    const { req } = setup()
    const res = await req('/jobs/1/2/99')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
    expect(await (await req('/jobs/1/2/99?format=json')).text()).toBe('[]')
  })

  it('merges summary fields with ?add_summary=1 (counters only where stats exist)', async () => {
    const { req } = setup()
    const meta = JSON.parse(await (await req('/jobs/1/2/3?add_summary=1')).text())
    expect(meta).toMatchObject({ key: '1/2/3', ts: NOW - 1000, elapsed: 1000, items: 1, logs: 11 })
    expect(meta).not.toHaveProperty('errors')
    expect(meta).not.toHaveProperty('pages')
    const running = JSON.parse(await (await req('/jobs/1/2/4?add_summary=1')).text())
    expect(running).toMatchObject({ key: '1/2/4', ts: NOW - 5000, elapsed: 5000 })
    expect(running).not.toHaveProperty('items')
  })
})

describe('GET /jobs/P/S/J/FIELD', () => {
  it('answers the JSON-encoded value, null when missing, the hidden auth too', async () => {
    const { req } = setup()
    const state = await req('/jobs/1/2/3/state')
    expect(state.headers.get('content-type')).toBe('application/json')
    expect(await state.text()).toBe('"finished"')
    expect(await (await req('/jobs/1/2/3/tags')).text()).toBe('["tag1", "tag2"]')
    expect(await (await req('/jobs/1/2/3/nothing')).text()).toBe('null')
    expect(await (await req('/jobs/1/2/99/state')).text()).toBe('null')
    expect(await (await req('/jobs/1/2/3/auth')).text()).toBe('"secret-jwt"')
    expect(await (await req('/jobs/1/2/3/scrapystats')).text()).toContain('1566311819357.0')
  })
})

describe('metadata writes', () => {
  it('sets one field from a raw JSON value', async () => {
    const { req, emulator } = setup()
    const res = await req('/jobs/1/2/3/note', { method: 'POST', body: '{"a": [1, 2.5]}' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await res.text()).toBe('')
    expect(emulator.store.get('1/2/3')?.note).toEqual({ a: [1, 2.5] })
    await req('/jobs/1/2/3/with%20space', { method: 'POST', body: 'true' })
    expect(await (await req('/jobs/1/2/3/with%20space')).text()).toBe('true')
  })

  it('merges a JSON object, keeps null values, ignores state/auth/_key', async () => {
    const { req, emulator } = setup()
    const res = await req('/jobs/1/2/3', {
      method: 'POST',
      body: JSON.stringify({ a: 1, close_reason: null, state: 'deleted', auth: 'x', _key: 'y' }),
    })
    expect(res.status).toBe(200)
    const meta = emulator.store.get('1/2/3')!
    expect(meta).toMatchObject({ a: 1, close_reason: null, state: 'finished', auth: 'secret-jwt' })
    expect(meta).not.toHaveProperty('_key')
    expect(await (await req('/jobs/1/2/3/close_reason')).text()).toBe('null')
    await req('/jobs/1/2/3/state', { method: 'POST', body: '"deleted"' })
    expect(meta.state).toBe('finished')
  })

  it('stores a field literally named __proto__ as data', async () => {
    const { req } = setup()
    await req('/jobs/1/2/3/__proto__', { method: 'POST', body: '{"polluted": 1}' })
    expect(await (await req('/jobs/1/2/3/__proto__')).text()).toBe('{"polluted": 1}')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('rejects malformed JSON with 400 text/plain "Error parsing data, ..."', async () => {
    const { req } = setup()
    for (const [path, body] of [
      ['/jobs/1/2/3/x', '{nope'],
      ['/jobs/1/2/3', '[1, 2]'],
      ['/jobs/1/2/3', ''],
    ] as const) {
      const res = await req(path, { method: 'POST', body })
      expect(res.status).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
      expect(await res.text()).toMatch(/^Error parsing data, /)
    }
  })

  it('rejects bodies over 1 MiB with 413', async () => {
    const { req } = setup()
    const big = JSON.stringify('x'.repeat(1024 * 1024))
    const res = await req('/jobs/1/2/3/big', { method: 'POST', body: big })
    expect(res.status).toBe(413)
    expect(await res.text()).toMatch(/^Error parsing data, /)
  })

  it('deletes a field (also when absent) and a whole job', async () => {
    const { req, emulator } = setup()
    expect((await req('/jobs/1/2/3/tags', { method: 'DELETE' })).status).toBe(200)
    expect(emulator.store.get('1/2/3')).not.toHaveProperty('tags')
    expect((await req('/jobs/1/2/3/absent', { method: 'DELETE' })).status).toBe(200)
    expect((await req('/jobs/1/2/3', { method: 'DELETE' })).status).toBe(200)
    expect(await (await req('/jobs/1/2/3')).text()).toBe('')
  })
})

describe('auth', () => {
  it('accepts Basic and ?apikey=', async () => {
    const { emulator } = setup()
    expect((await emulator.app.request('/jobs/1/2/3', { headers: AUTH })).status).toBe(200)
    const q = await emulator.app.request(`/jobs/1/2/3?apikey=${DEMO_APIKEY}`)
    expect(q.status).toBe(200)
    expect(await q.text()).not.toBe('')
  })

  it('answers 401 with WWW-Authenticate: text on storage routes, four-line JSON on JobQ', async () => {
    const { emulator } = setup()
    for (const res of [
      await emulator.app.request('/jobs/1/2/3'),
      await emulator.app.request('/jobs/1/2/3', { headers: basic('wrong') }),
      await emulator.app.request('/jobs/1/2/3', { headers: { Authorization: 'Basic !!!' } }),
      await emulator.app.request('/jobs/1/2/3/x', { method: 'POST', body: '1' }),
    ]) {
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="apikey"')
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
      expect(await res.text()).toBe('Unauthorized\n')
    }
    for (const res of [
      await emulator.app.request('/jobq/1/list?apikey=wrong'),
      await emulator.app.request('/jobq/1/push', { method: 'POST', body: '{"spider": "s"}' }),
    ]) {
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="apikey"')
      expect(res.headers.get('content-type')).toBe('application/json')
      const body = await res.text()
      expect(body).toBe('{\n  "error": "Unauthorized",\n  "message": "Unauthorized"\n}')
      expect(new TextEncoder().encode(body).byteLength).toBe(58)
    }
  })

  it('answers 403 for a project the key cannot read', async () => {
    const { emulator } = setup()
    const res = await emulator.app.request('/jobs/1/2/3', { headers: basic('other') })
    expect(res.status).toBe(403)
    expect((await res.json()).error).toBe('Forbidden')
  })

  it('accepts a job token (Basic user P/S/J, password = the job auth) for that project', async () => {
    const { emulator } = setup()
    const token = { Authorization: `Basic ${btoa('1/2/3:secret-jwt')}` }
    expect((await emulator.app.request('/jobs/1/2/3', { headers: token })).status).toBe(200)
    const wrong = { Authorization: `Basic ${btoa('1/2/3:bad')}` }
    expect((await emulator.app.request('/jobs/1/2/3', { headers: wrong })).status).toBe(401)
  })
})

describe('bad input and unknown routes', () => {
  it('answers 400 for non-numeric ids and 404 "Not Found\\n" for unknown routes', async () => {
    const { req } = setup()
    for (const path of ['/jobs/abc/2/3', '/jobs/1/x/3', '/jobs/1/2/0', '/jobq/x/list']) {
      const res = await req(path)
      expect(res.status, path).toBe(400)
      expect(await res.text()).toMatch(/^Error parsing data, /)
    }
    for (const path of ['/', '/jobs', '/jobs/1/2/3/a/b', '/nope']) {
      const res = await req(path)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/)
      expect(await res.text()).toBe('Not Found\n')
    }
  })

  it('sets Access-Control-Allow-Origin: * on every response', async () => {
    const { req, emulator } = setup()
    for (const res of [
      await req('/jobs/1/2/3'),
      await req('/nope'),
      await emulator.app.request('/jobs/1/2/3'),
      await req('/jobs/1/2/3/x', { method: 'POST', body: '{' }),
      await emulator.app.request('/__emulator/stats'),
      await emulator.app.request('/jobs/1/2/3', { method: 'OPTIONS' }),
    ])
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('refuses JSON nested deeper than Python could parse (400), so reads never answer 500', async () => {
    const { req } = setup()
    const deep = (n: number) => `${'['.repeat(n)}"]"${']'.repeat(n)}`
    for (const [path, body] of [
      ['/jobs/1/2/3/deep', deep(100_000)],
      ['/jobs/1/2/3', `{"deep": ${deep(100_000)}}`],
      ['/jobq/1/update', `{"key": "1/2/3", "deep": ${deep(100_000)}}`],
    ] as const) {
      const res = await req(path, { method: 'POST', body })
      expect(res.status, path).toBe(400)
      expect(await res.text()).toMatch(/^Error parsing data, maximum nesting depth/)
    }
    expect((await req('/jobs/1/2/3')).status).toBe(200)
    expect(await (await req('/jobs/1/2/3/deep')).text()).toBe('null')
    // as deep as allowed (brackets inside strings do not count) is stored and read back
    const ok = `{"s": "[[[[{{{{", "v": ${deep(999)}}`
    expect((await req('/jobs/1/2/3/ok', { method: 'POST', body: ok })).status).toBe(200)
    expect(JSON.parse(await (await req('/jobs/1/2/3/ok')).text())).toEqual(JSON.parse(ok))
  })
})
