import { describe, expect, it } from 'vitest'
import { JoinTimeout, SingleFlight } from './single-flight.ts'

function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('SingleFlight', () => {
  it('runs one load for concurrent callers and shares its parsed result', async () => {
    const sf = new SingleFlight<{ n: number }>(true)
    const d = deferred<{ n: number }>()
    let calls = 0
    const load = () => {
      calls++
      return d.promise
    }
    const all = Promise.all(Array.from({ length: 50 }, () => sf.do('k', load)))
    expect(sf.pending).toBe(1)
    d.resolve({ n: 1 })
    const results = await all
    expect(calls).toBe(1)
    expect(results.every((r) => r === results[0])).toBe(true)
    expect(sf.pending).toBe(0)
  })

  it('shares a failure, then lets the next caller retry', async () => {
    const sf = new SingleFlight<number>(true)
    const d = deferred<number>()
    let calls = 0
    const a = sf.do('k', () => {
      calls++
      return d.promise
    })
    const b = sf.do('k', () => Promise.resolve(2))
    d.reject(new Error('boom'))
    await expect(a).rejects.toThrow('boom')
    await expect(b).rejects.toThrow('boom')
    expect(await sf.do('k', () => Promise.resolve(3))).toBe(3)
    expect(calls).toBe(1)
  })

  it('keeps different keys apart', async () => {
    const sf = new SingleFlight<string>(true)
    const [a, b] = await Promise.all([sf.do('a', async () => 'A'), sf.do('b', async () => 'B')])
    expect([a, b]).toEqual(['A', 'B'])
  })

  it('never joins another caller when sharing is off', async () => {
    const sf = new SingleFlight<number>(false)
    let calls = 0
    const load = async () => ++calls
    await Promise.all([sf.do('k', load), sf.do('k', load), sf.do('k', load)])
    expect(calls).toBe(3)
    expect(sf.pending).toBe(0)
  })
})

describe('SingleFlight with a bound on waiting (Workers)', () => {
  it('shares a load that answers within the bound', async () => {
    const sf = new SingleFlight<number>({ share: true, maxWaitMs: 60_000 })
    const d = deferred<number>()
    let calls = 0
    const load = () => {
      calls++
      return d.promise
    }
    const all = Promise.all(Array.from({ length: 20 }, () => sf.do('k', load)))
    expect(sf.running('k')).toBe(true)
    d.resolve(7)
    expect(await all).toEqual(Array.from({ length: 20 }, () => 7))
    expect(calls).toBe(1)
    expect(sf.pending).toBe(0)
    expect(sf.running('k')).toBe(false)
  })

  it('shares a failure that comes within the bound', async () => {
    const sf = new SingleFlight<number>({ share: true, maxWaitMs: 60_000 })
    const d = deferred<number>()
    const a = sf.do('k', () => d.promise)
    const b = sf.do('k', () => Promise.resolve(2))
    d.reject(new Error('boom'))
    await expect(a).rejects.toThrow('boom')
    await expect(b).rejects.toThrow('boom')
  })

  it('never loads a second time for a slow load: joiners keep waiting on the shared one', async () => {
    let t = 0
    const sf = new SingleFlight<string>({ share: true, maxWaitMs: 10_000, now: () => t })
    const d = deferred<string>()
    let calls = 0
    const load = () => {
      calls++
      return d.promise
    }
    const first = sf.do('k', load)
    t = 9_000 // slow, but younger than the bound: joined, not duplicated
    const late = sf.do('k', load)
    d.resolve('v')
    expect(await Promise.all([first, late])).toEqual(['v', 'v'])
    expect(calls).toBe(1)
  })

  it('never hangs on a load that never settles: the joiner gives up with JoinTimeout, and the dead load is forgotten', async () => {
    const sf = new SingleFlight<string>({ share: true, maxWaitMs: 30 })
    let calls = 0
    void sf.do('k', () => {
      calls++
      return new Promise<string>(() => undefined)
    })
    await expect(
      sf.do('k', async () => {
        calls++
        return 'own'
      }),
    ).rejects.toBeInstanceOf(JoinTimeout)
    expect(calls).toBe(1)
    expect(sf.pending).toBe(0)
    expect(await sf.do('k', async () => 'fresh')).toBe('fresh')
  })

  it('replaces a load older than the bound (presumed dead) instead of joining it', async () => {
    let t = 0
    const sf = new SingleFlight<string>({ share: true, maxWaitMs: 1000, now: () => t })
    void sf.do('k', () => new Promise<string>(() => undefined))
    t = 1000
    expect(sf.running('k')).toBe(false)
    let calls = 0
    expect(
      await sf.do('k', async () => {
        calls++
        return 'own'
      }),
    ).toBe('own')
    expect(calls).toBe(1)
  })
})

describe('SingleFlight memory with a bound', () => {
  it('forgets loads that never settle once many are pending', async () => {
    let t = 0
    const sf = new SingleFlight<number>({ share: true, maxWaitMs: 100, now: () => t })
    for (let i = 0; i < 300; i++) void sf.do(`k${i}`, () => new Promise<number>(() => undefined))
    expect(sf.pending).toBeGreaterThanOrEqual(256)
    t = 100
    void sf.do('fresh', () => new Promise<number>(() => undefined))
    expect(sf.pending).toBe(1)
  })
})
