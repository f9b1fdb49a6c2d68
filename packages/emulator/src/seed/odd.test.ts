import { describe, expect, it } from 'vitest'
import { createEmulator } from '../emulator.ts'
import { HOSTILE_TEXT, ODD_PROJECT, OSC52_CLIPBOARD, oddJobs } from './odd.ts'

const NOW = 1_780_000_000_000
const KEY = 'k'

describe('odd seed', () => {
  const emulator = createEmulator({ seed: 'odd', now: () => NOW, apikeys: { [KEY]: '*' } })
  const get = async (path: string) => {
    const res = await emulator.app.request(`${path}${path.includes('?') ? '&' : '?'}apikey=${KEY}`)
    return { status: res.status, text: await res.text() }
  }

  it('is deterministic for a clock and lives in its own project', () => {
    expect(oddJobs(NOW)).toEqual(oddJobs(NOW))
    for (const j of oddJobs(NOW)) expect(j.key.startsWith(`${ODD_PROJECT}/`)).toBe(true)
    expect(emulator.store.size).toBe(oddJobs(NOW).length)
  })

  it('serves every odd value exactly as stored (the wire escapes control characters)', async () => {
    for (const job of oddJobs(NOW)) {
      const { key, ...meta } = job
      const { status, text } = await get(`/jobs/${key}`)
      expect(status).toBe(200)
      // Python-style JSON escapes every C0 control and non-ASCII character (DEL is ASCII: raw)
      expect(text).not.toMatch(/[\x00-\x1f\x80-\uffff]/)
      expect(JSON.parse(text)).toEqual({ project: ODD_PROJECT, ...meta })
    }
    const close = await get(`/jobs/${ODD_PROJECT}/1/1/close_reason`)
    expect(JSON.parse(close.text)).toBe(`finished ${OSC52_CLIPBOARD}`)
  })

  it('lists the odd jobs in JobQ, odd states counted as finished', async () => {
    const { text } = await get(`/jobq/${ODD_PROJECT}/list?state=finished&state=running`)
    const rows = text.split('\n').map((l) => JSON.parse(l))
    expect(rows.map((r) => r.key).sort()).toEqual(
      oddJobs(NOW)
        .map((j) => j.key)
        .sort(),
    )
    expect(rows.find((r) => r.key === `${ODD_PROJECT}/4/7`)?.state).toBe('finished')
  })

  it('offers hostile text of every kind', () => {
    const all = HOSTILE_TEXT.join('')
    expect(all).toContain('\x1b]52;')
    expect(all).toMatch(/[\u0080-\u009f]/)
    expect(all).toMatch(/[\u202a-\u202e\u2066-\u2069]/)
    expect(all).toContain('\x7f')
    expect(all).toMatch(/[\u4e00-\u9fff]/)
  })
})
