// The odd seed through the whole worker: every job's JSON, fields, badges and the project list
// answer 200 with well-formed, escaped bodies, whatever the metadata holds.
import { ODD_PROJECT, oddJobs } from '@jobmeta/emulator'
import { startEmulator } from '@jobmeta/emulator/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.ts'
import { parseConfig } from '../src/config.ts'

const KEY = '0dd0dd0dd0dd0dd0dd0dd0dd0dd0dd00'
let emulator: Awaited<ReturnType<typeof startEmulator>>
let app: ReturnType<typeof createApp>

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    seed: 'odd',
    apikeys: { [KEY]: '*' },
  })
  app = createApp(
    parseConfig({
      SHUB_APIKEY: KEY,
      SHUB_STORAGE: emulator.url,
      PUBLIC_PROJECTS: String(ODD_PROJECT),
      PUBLIC_FIELDS: 'default,tags,spider_args,version',
    }),
    { platformCache: null, log: () => {} },
  )
})
afterAll(() => emulator?.close())

/** Characters that are never sent raw in a JSON or SVG body (JSON escapes them, SVG drops them). */
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f]/

describe('odd and hostile jobs through the worker', () => {
  it.each(oddJobs().map((j) => j.key))(
    '%s: JSON, badge.json and badge.svg stay well-formed',
    async (key) => {
      const job = await app.request(`/jobs/${key}`)
      expect(job.status).toBe(200)
      const body = await job.text()
      expect(body).not.toMatch(CONTROL)
      const doc = JSON.parse(body)
      expect(doc.key).toBe(key)

      const shields = await app.request(`/jobs/${key}/badge.json`)
      expect(shields.status).toBe(200)
      const json = await shields.text()
      expect(json).not.toMatch(CONTROL)
      expect(JSON.parse(json)).toMatchObject({ schemaVersion: 1 })

      const badge = await app.request(`/jobs/${key}/badge.svg`)
      expect(badge.status).toBe(200)
      const svg = await badge.text()
      expect(svg).not.toMatch(CONTROL)
      expect(svg).not.toMatch(/<(?!\/?(svg|title|clipPath|rect|g|text)[ >/])/)
      expect(svg.replace(/&(amp|lt|gt|quot|apos);/g, '')).not.toMatch(/&/)
      expect(svg.endsWith('</svg>')).toBe(true)

      for (const field of ['close_reason', 'tags', 'spider_args']) {
        const r = await app.request(`/jobs/${key}/${field}`)
        expect(r.status).toBe(200)
        JSON.parse(await r.text())
      }
    },
  )

  it('keeps emoji and CJK names whole in a badge', async () => {
    const cjk = await (await app.request(`/jobs/${ODD_PROJECT}/2/3/badge.svg`)).text()
    expect(cjk).toContain('爬虫-新闻-中文名字: finished · 1,234 items')
    const emoji = await (await app.request(`/jobs/${ODD_PROJECT}/2/4/badge.svg`)).text()
    expect(emoji).toContain('🕷️ spider 👩‍💻')
  })

  it('lists the project', async () => {
    const r = await app.request(`/projects/${ODD_PROJECT}/jobs?state=finished&state=running`)
    expect(r.status).toBe(200)
    const body = await r.text()
    expect(body).not.toMatch(CONTROL)
    const keys = JSON.stringify(JSON.parse(body))
    for (const j of oddJobs()) expect(keys).toContain(j.key)
  })
})
