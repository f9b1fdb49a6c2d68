import { describe, expect, it } from 'vitest'
import { createEmulator, type JobSeed } from './index.ts'
import { createPrng } from './prng.ts'
import { simulateStep } from './simulate.ts'
import { JobStore, stateOf } from './store.ts'

const T0 = 1_700_000_000_000

function seed(): JobSeed[] {
  return [
    { key: '9/1/1', spider: 'a', state: 'finished', finished_time: T0 - 9000 },
    { key: '9/1/2', spider: 'a', state: 'running', running_time: T0 - 8000 },
    { key: '9/2/1', spider: 'b', state: 'pending', pending_time: T0 - 7000 },
    { key: '9/2/2', spider: 'b', state: 'pending', pending_time: T0 - 6000 },
  ]
}

const ORDER = { pending: 0, running: 1, finished: 2, deleted: 3 } as const

describe('simulation', () => {
  it('moves jobs only forward, stamping times from the clock, stats never shrinking', () => {
    let clock = T0
    const emulator = createEmulator({ seed: seed(), now: () => clock })
    const seen = new Map<string, { state: number; items: number }>()
    let started = 0
    let finished = 0
    for (let i = 0; i < 60; i++) {
      clock += 1000
      emulator.tick()
      for (const key of emulator.store.list(9).map((r) => r.key)) {
        const r = emulator.store.record(key)!
        const state = stateOf(r)
        const stats = (r.meta.scrapystats ?? {}) as Record<string, number>
        const items = stats.item_scraped_count ?? 0
        const before = seen.get(key)
        if (before) {
          expect(ORDER[state]).toBeGreaterThanOrEqual(before.state)
          if (ORDER[state] > before.state) {
            expect(r.meta[`${state}_time`]).toBe(clock)
            if (state === 'running') started++
            if (state === 'finished') finished++
          }
          expect(items).toBeGreaterThanOrEqual(before.items)
        }
        seen.set(key, { state: ORDER[state], items })
        if (state === 'finished' && r.key !== '9/1/1') {
          expect(typeof r.meta.close_reason).toBe('string')
          expect(stats.finish_time).toBeTypeOf('number')
          expect(r.meta).not.toHaveProperty('auth')
        }
        if (state === 'running' && key !== '9/1/2') expect(r.meta.auth).toBeTypeOf('string')
      }
      const running = emulator.store.list(9).filter((r) => stateOf(r) === 'running').length
      expect(running).toBeLessThanOrEqual(3)
    }
    expect(started).toBeGreaterThan(2)
    expect(finished).toBeGreaterThan(2)
    // New pending jobs keep the demo alive.
    expect(emulator.store.size).toBeGreaterThan(4)
  })

  it('drives jobs the way JobQ clients do: push, startjob, stats writes, update to finished', () => {
    let clock = T0
    const store = new JobStore()
    store.load([{ key: '9/1/1', spider: 'a', state: 'finished', finished_time: T0 - 9000 }])
    const rules = { maxRunning: 3, minPending: 3, pushChance: 1, startChance: 1, finishChance: 0.3 }
    const random = createPrng(7)
    const seen = { pushed: 0, started: 0, finished: 0 }
    for (let i = 0; i < 40; i++) {
      clock += 1000
      simulateStep(store, clock, random, rules)
      for (const r of store.list(9)) {
        if (r.key === '9/1/1') continue
        const m = r.meta
        // pushed by the simulated scheduler: only push fields, no dashboard-only ones
        expect(m).toMatchObject({ scheduled_by: 'periodicjobs', tags: ['simulated'], units: 1 })
        expect(m).not.toHaveProperty('spider_type')
        expect(m.pending_time).toBeTypeOf('number')
        seen.pushed++
        if (m.state === 'running') {
          // started by startjob: token, worker, startup stats
          expect(m.auth).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/)
          expect(m._shub_worker).toMatch(/^kumo-[0-9a-f]{4}$/)
          expect(m.started_by).toBe('jobrunner')
          expect((m.scrapystats as Record<string, number>).start_time).toBe(m.running_time)
          seen.started++
        }
        if (m.state === 'finished') {
          expect(m).not.toHaveProperty('auth')
          expect(m.running_time as number).toBeGreaterThanOrEqual(m.pending_time as number)
          expect(m.finished_time as number).toBeGreaterThan(m.running_time as number)
          expect((m.scrapystats as Record<string, unknown>).finish_reason).toBe(m.close_reason)
          seen.finished++
        }
      }
    }
    expect(seen.started).toBeGreaterThan(0)
    expect(seen.finished).toBeGreaterThan(0)
  })

  it('grows a running job stats on every tick that does not finish it', () => {
    const store = new JobStore()
    store.load(seed())
    const never = { maxRunning: 3, finishChance: 0, startChance: 0, minPending: 0, pushChance: 0 }
    simulateStep(store, T0, createPrng(1), never)
    const statsOf = () => store.get('9/1/2')!.scrapystats as Record<string, number>
    const items1 = statsOf().item_scraped_count!
    simulateStep(store, T0 + 1000, createPrng(2), never)
    const stats = statsOf()
    expect(stats['downloader/request_count']).toBeGreaterThan(0)
    expect(stats.item_scraped_count).toBeGreaterThanOrEqual(items1)
    expect(store.get('9/2/1')?.state).toBe('pending')
  })

  it('starts the oldest pending job first', () => {
    const store = new JobStore()
    store.load(seed())
    const rules = { maxRunning: 2, finishChance: 0, startChance: 1, minPending: 0, pushChance: 0 }
    simulateStep(store, T0, createPrng(1), rules)
    expect(store.get('9/2/1')).toMatchObject({ state: 'running', running_time: T0 })
    expect(store.get('9/2/2')?.state).toBe('pending')
  })

  it('is deterministic for the same seed and clock', () => {
    const run = () => {
      let clock = T0
      const e = createEmulator({ seed: seed(), now: () => clock })
      for (let i = 0; i < 20; i++) {
        clock += 500
        e.tick()
      }
      return e.store.list(9).map((r) => [r.key, r.meta.state, r.meta.close_reason])
    }
    expect(run()).toEqual(run())
  })

  it('ticks on a timer when simulate is on, and close() stops it', async () => {
    const emulator = createEmulator({ seed: seed(), simulate: { intervalMs: 5 } })
    const before = JSON.stringify(emulator.store.get('9/1/2'))
    await expect
      .poll(() => JSON.stringify(emulator.store.get('9/1/2')) !== before, { timeout: 2000 })
      .toBe(true)
    emulator.close()
  })
})
