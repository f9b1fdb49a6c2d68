import { JOB_STATES, OUTCOMES } from '@jobmeta/core'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import pkg from '../package.json' with { type: 'json' }
import { createApp } from './app.ts'
import { parseConfig } from './config.ts'
import { buildOpenApi, openApiPath } from './openapi.ts'

const KEY = 'f00dfacef00dfacef00dfacef00dface'
const config = parseConfig({
  SHUB_APIKEY: KEY,
  PUBLIC_PROJECTS: '7',
  PUBLIC_FIELDS: 'default,scheduled_by',
  LIST_MAX_COUNT: '50',
})
// an upstream that knows no job: enough to tell a matched route from the "no such route" answer
const app = createApp(config, {
  platformCache: null,
  log: () => {},
  upstream: {
    job: async () => null,
    list: async () => [],
    lastJobs: async () => [],
    summaryRows: async () => [],
  },
})

type Operation = {
  parameters?: { name: string; in: string; schema: Record<string, unknown> }[]
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>
}
type Doc = {
  info: { version: string }
  paths: Record<string, { get: Operation }>
  components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> }
}

async function document(): Promise<{ doc: Doc; text: string }> {
  const res = await app.request('/openapi.json')
  const text = await res.text()
  return { doc: JSON.parse(text) as Doc, text }
}

describe('/openapi.json, generated from the route table', () => {
  it('documents exactly the routes the app registers, plus the badges the field route answers', async () => {
    const { doc } = await document()
    const registered = app.routes
      .filter((r) => r.method === 'GET' && r.path !== '/*')
      .map((r) => openApiPath(r.path).path)
    const documented = Object.keys(doc.paths)
    expect(documented.filter((p) => !registered.includes(p)).sort()).toEqual([
      '/jobs/{project}/{spider}/{job}/badge.json',
      '/jobs/{project}/{spider}/{job}/badge.svg',
    ])
    expect(registered.filter((p) => !documented.includes(p))).toEqual([])
    // and every documented path is answered by a route, not by the "no such route" answer
    for (const path of documented) {
      const url = path.replace('{project}', '7').replace(/\{(spider|job)\}/g, '1')
      const res = await app.request(url.replace('{field}', 'state'))
      expect(await res.text(), path).not.toContain('no such route')
    }
    expect(await (await app.request('/jobs/7/1/1/a/b')).text()).toContain('no such route')
  })

  it('lists each path parameter of the route, with the zod schema the route validates it with', async () => {
    const { doc } = await document()
    for (const [path, item] of Object.entries(doc.paths)) {
      const inPath = (item.get.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name)
      expect(inPath, path).toEqual(openApiPath(path.replace(/\{(\w+)\}/g, ':$1')).params)
    }
    const ids = doc.paths['/jobs/{project}/{spider}/{job}']!.get.parameters!
    expect(ids.map((p) => p.schema.pattern)).toEqual([
      '^[1-9][0-9]{0,9}$',
      '^[1-9][0-9]{0,9}$',
      '^[1-9][0-9]{0,9}$',
    ])
    const field = doc.paths['/jobs/{project}/{spider}/{job}/{field}']!.get.parameters!.find(
      (p) => p.name === 'field',
    )!
    expect(field.schema.enum).toContain('scheduled_by')
    expect(field.schema.enum).toContain('outcome')
    expect(field.schema.enum).not.toContain('spider_args')
    const list = doc.paths['/projects/{project}/jobs']!.get.parameters!
    expect(list.map((p) => p.name)).toEqual(['project', 'state', 'spider', 'tag', 'count'])
    expect(JSON.stringify(list)).toContain('at most 50')
    expect(list.find((p) => p.name === 'state')).toMatchObject({ style: 'form', explode: true })
  })

  it("describes job fields with core's schemas and vocabulary", async () => {
    const { doc } = await document()
    const job = doc.components.schemas.PublicJob!.properties
    expect(job.outcome!.enum).toEqual([...OUTCOMES])
    expect(job.state!.enum).toEqual([...JOB_STATES])
    expect(job.tags).toEqual({ type: 'array', items: { type: 'string' } })
    expect(job.pending_time!.description).toBe('epoch milliseconds')
    const listBody = doc.paths['/projects/{project}/jobs']!.get.responses['200']!.content![
      'application/json'
    ]!.schema as { properties: { jobs: { items: { properties: Record<string, unknown> } } } }
    expect(listBody.properties.jobs.items.properties.outcome).toMatchObject({ enum: [...OUTCOMES] })
    expect(z.toJSONSchema(z.enum(OUTCOMES)).enum).toEqual(job.outcome!.enum)
  })

  it('never contains the key, gives the version of package.json, and is built once', async () => {
    const { doc, text } = await document()
    expect(text).not.toContain(KEY)
    expect(text).not.toContain(btoa(`${KEY}:`))
    expect(doc.info.version).toBe(pkg.version)
    expect((await document()).text).toBe(text)
  })

  it('refuses a route whose path parameter is not documented', () => {
    expect(() =>
      buildOpenApi([
        {
          path: '/x/:id',
          doc: () => ({ summary: 'x', ok: { description: 'x', type: 'text/plain' } }),
        },
      ]),
    ).toThrow(/parameter id is not documented/)
  })
})
