import { describe, expect, it } from 'vitest'
import { SingleFlight } from './single-flight.ts'

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
    const sf = new SingleFlight<number>({ share: true, waitMs: 60_000 })
    const d = deferred<number>()
    let calls = 0
    const load = () => {
      calls++
      return d.promise
    }
    const all = Promise.all(Array.from({ length: 20 }, () => sf.do('k', load)))
    d.resolve(7)
    expect(await all).toEqual(Array.from({ length: 20 }, () => 7))
    expect(calls).toBe(1)
    expect(sf.pending).toBe(0)
  })

  it('shares a failure that comes within the bound', async () => {
    const sf = new SingleFlight<number>({ share: true, waitMs: 60_000 })
    const d = deferred<number>()
    const a = sf.do('k', () => d.promise)
    const b = sf.do('k', () => Promise.resolve(2))
    d.reject(new Error('boom'))
    await expect(a).rejects.toThrow('boom')
    await expect(b).rejects.toThrow('boom')
  })

  it('never hangs on a load that never settles: a joiner falls back to its own load, and the dead load is forgotten', async () => {
    const sf = new SingleFlight<string>({ share: true, waitMs: 20 })
    const never = new Promise<string>(() => undefined)
    void sf.do('k', () => never)
    expect(await sf.do('k', async () => 'own')).toBe('own')
    expect(sf.pending).toBe(0)
    expect(await sf.do('k', async () => 'fresh')).toBe('fresh')
  })

  it('does not join a load older than the bound', async () => {
    let t = 0
    const sf = new SingleFlight<string>({ share: true, waitMs: 1000, now: () => t })
    void sf.do('k', () => new Promise<string>(() => undefined))
    t = 1000
    let calls = 0
    expect(
      await sf.do('k', async () => {
        calls++
        return 'own'
      }),
    ).toBe('own')
    expect(calls).toBe(1)
  })

  it('with a bound of 0 never joins', async () => {
    const sf = new SingleFlight<number>({ share: true, waitMs: 0 })
    let calls = 0
    const load = async () => ++calls
    await Promise.all([sf.do('k', load), sf.do('k', load)])
    expect(calls).toBe(2)
  })
})

describe('SingleFlight memory with a bound', () => {
  it('forgets loads that never settle once many are pending', async () => {
    let t = 0
    const sf = new SingleFlight<number>({ share: true, waitMs: 100, now: () => t })
    for (let i = 0; i < 300; i++) void sf.do(`k${i}`, () => new Promise<number>(() => undefined))
    expect(sf.pending).toBeGreaterThanOrEqual(256)
    t = 100
    void sf.do('fresh', () => new Promise<number>(() => undefined))
    expect(sf.pending).toBe(1)
  })
})
