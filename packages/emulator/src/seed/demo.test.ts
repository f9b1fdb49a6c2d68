import { describe, expect, it } from 'vitest'
import { createEmulator, DEMO_APIKEY, DEMO_PROJECT, DEMO_SPIDERS } from '../index.ts'
import { demoJobs, generateJobs } from './demo.ts'
import { parseSeedFile } from './load.ts'

const NOW = 1_780_000_000_000

describe('demo seed', () => {
  const jobs = demoJobs(NOW)

  it('is deterministic for a given clock and anchored to it', () => {
    expect(demoJobs(NOW)).toEqual(jobs)
    const later = demoJobs(NOW + 3_600_000)
    expect(later[0]!.pending_time).toBe((jobs[0]!.pending_time as number) + 3_600_000)
  })

  it('has several hundred jobs of six spiders across all four states', () => {
    expect(jobs.length).toBeGreaterThanOrEqual(300)
    const states = new Map<string, number>()
    for (const j of jobs) states.set(j.state as string, (states.get(j.state as string) ?? 0) + 1)
    for (const s of ['pending', 'running', 'finished', 'deleted'])
      expect(states.get(s)).toBeGreaterThan(0)
    const spiders = new Set(jobs.map((j) => j.key.split('/')[1]))
    expect([...spiders].sort()).toEqual(['1', '2', '3', '4', '5', '6'])
    expect(DEMO_SPIDERS.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6])
    for (const j of jobs) expect(j.key.startsWith(`${DEMO_PROJECT}/`)).toBe(true)
  })

  it('has realistic fields per state, all times in the past', () => {
    const reasons = new Set(jobs.map((j) => j.close_reason).filter(Boolean))
    for (const r of ['finished', 'failed', 'cancelled', 'cancelled (stalled)', 'memusage_exceeded'])
      expect(reasons).toContain(r)
    expect([...reasons].some((r) => String(r).startsWith('closespider_'))).toBe(true)
    for (const j of jobs) {
      expect(j).toMatchObject({ project: DEMO_PROJECT, priority: expect.any(Number) })
      expect(j.pending_time).toBeLessThan(NOW)
      for (const t of ['running_time', 'finished_time', 'deleted_time'])
        if (j[t] !== undefined) expect(j[t]).toBeLessThanOrEqual(NOW)
      if (j.state === 'running') {
        expect(j).toHaveProperty('_shub_worker')
        expect(j).toHaveProperty('auth')
        expect(j.scrapystats).not.toHaveProperty('finish_time')
      }
      if (j.state === 'finished' && j.running_time !== undefined) {
        const stats = j.scrapystats as Record<string, unknown>
        expect(stats).toHaveProperty('log_count/INFO')
        expect(stats).toHaveProperty('downloader/response_status_count/200')
        expect(stats).toHaveProperty('memusage/max')
        expect(stats.finish_reason).toBe(j.close_reason)
        expect(stats.finish_time as number).toBeGreaterThan(stats.start_time as number)
      }
      if (j.state === 'deleted') expect(j).toHaveProperty('deleted_by')
    }
    expect(jobs.some((j) => j.spider_args)).toBe(true)
    expect(jobs.some((j) => j.run_id || j.source_commit || j.notes)).toBe(true)
    expect(jobs.some((j) => Array.isArray(j.tags) && j.tags.length === 0)).toBe(true)
  })

  it('looks recent through the API: newest pending job seconds old', async () => {
    const emulator = createEmulator({ now: () => NOW })
    const res = await emulator.app.request(
      `/jobq/${DEMO_PROJECT}/list?state=pending&count=1&apikey=${DEMO_APIKEY}`,
    )
    const row = JSON.parse(await res.text())
    expect(row.elapsed).toBeLessThan(5 * 60_000)
  })
})

describe('generateJobs', () => {
  it('makes many jobs with unique keys', () => {
    const many = generateJobs(5_000, { now: NOW, lean: true, project: 77 })
    expect(many).toHaveLength(5_000)
    expect(new Set(many.map((j) => j.key)).size).toBe(5_000)
    const emulator = createEmulator({ seed: many, now: () => NOW, apikeys: { k: [77] } })
    expect(emulator.store.list(77)).toHaveLength(5_000)
  })
})

describe('parseSeedFile', () => {
  it('accepts an array of objects with keys and names the first bad entry', () => {
    expect(parseSeedFile([{ key: '1/2/3' }])).toEqual([{ key: '1/2/3' }])
    expect(() => parseSeedFile({})).toThrow(/JSON array/)
    expect(() => parseSeedFile([{ key: '1/2/3' }, 5])).toThrow(/entry 1/)
    expect(() => parseSeedFile([{ key: '1/2' }])).toThrow(/entry 0 .*P\/S\/J/)
  })

  it('puts a job without state among the finished ones', async () => {
    const emulator = createEmulator({
      seed: [{ key: '3/1/1', spider: 's', finished_time: 5 }],
      apikeys: { k: [3] },
    })
    expect(await (await emulator.app.request('/jobq/3/count?apikey=k')).text()).toBe('1')
    expect(emulator.store.get('3/1/1')?.state).toBe('finished')
  })

  it('empty seed gives an empty store', () => {
    expect(createEmulator({ seed: 'empty' }).store.size).toBe(0)
  })
})
