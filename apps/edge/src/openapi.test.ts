import { describe, expect, it } from 'vitest'
import pkg from '../package.json' with { type: 'json' }
import { createApp } from './app.ts'
import { parseConfig } from './config.ts'
import { buildOpenApi } from './openapi.ts'

const KEY = 'f00dfacef00dfacef00dfacef00dface'

describe('buildOpenApi', () => {
  const doc = buildOpenApi(
    parseConfig({ SHUB_APIKEY: KEY, PUBLIC_FIELDS: 'default,scheduled_by', LIST_MAX_COUNT: '50' }),
  )
  const text = JSON.stringify(doc)

  it('describes every public route and never contains the key', () => {
    expect(Object.keys(doc.paths as object)).toHaveLength(11)
    const app = createApp(parseConfig({ SHUB_APIKEY: KEY }), { platformCache: null })
    for (const r of app.routes.filter((x) => x.method === 'GET' && x.path !== '/*')) {
      expect(Object.keys(doc.paths as object), r.path).toContain(
        r.path.replace(/:([a-z]+)/g, '{$1}'),
      )
    }
    expect(text).not.toContain(KEY)
    expect(text).not.toContain(btoa(`${KEY}:`))
  })

  it('takes parameter schemas from zod and lists the published fields', () => {
    const field = (
      doc.paths as Record<
        string,
        { get: { parameters: { name: string; schema: { enum?: string[] } }[] } }
      >
    )['/jobs/{project}/{spider}/{job}/{field}']!.get.parameters.find((p) => p.name === 'field')!
    expect(field.schema.enum).toContain('scheduled_by')
    expect(field.schema.enum).not.toContain('spider_args')
    expect(text).toContain('at most 50')
    expect(text).toContain('"pattern":"^[1-9][0-9]{0,9}$"')
  })

  it('gives the version of package.json', () => {
    expect((doc.info as { version: string }).version).toBe(pkg.version)
  })
})
