import { describe, expect, it } from 'vitest'
import { GateFull, UpstreamGate } from './upstream-gate.ts'

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe('UpstreamGate', () => {
  it('keeps at most `concurrency` loads in flight and queues the next ones in order', async () => {
    const gate = new UpstreamGate({ concurrency: 2, queue: 10, waitMs: 10_000, holdMs: 60_000 })
    const releases = Array.from({ length: 5 }, deferred)
    let inFlight = 0
    let most = 0
    const order: number[] = []
    const runs = releases.map((d, i) =>
      gate.run(async () => {
        order.push(i)
        inFlight++
        most = Math.max(most, inFlight)
        await d.promise
        inFlight--
      }),
    )
    await Promise.resolve()
    expect([gate.active, gate.waiting]).toEqual([2, 3])
    for (const d of releases) d.resolve()
    await Promise.all(runs)
    expect(most).toBe(2)
    expect(order).toEqual([0, 1, 2, 3, 4])
    expect([gate.active, gate.waiting]).toEqual([0, 0])
  })

  it('refuses at once when the queue is full, and after waitMs when no slot came', async () => {
    const gate = new UpstreamGate({ concurrency: 1, queue: 1, waitMs: 30, holdMs: 60_000 })
    const d = deferred()
    const holding = gate.run(() => d.promise)
    const queued = gate.run(async () => 'late')
    await expect(gate.run(async () => 'x')).rejects.toBeInstanceOf(GateFull)
    await expect(queued).rejects.toBeInstanceOf(GateFull)
    expect(gate.waiting).toBe(0)
    d.resolve()
    await holding
    expect(await gate.run(async () => 'free again')).toBe('free again')
  })

  it('gives its slot back when a load fails', async () => {
    const gate = new UpstreamGate({ concurrency: 1, queue: 0, waitMs: 10, holdMs: 60_000 })
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await gate.run(async () => 1)).toBe(1)
  })

  it('takes back a slot held longer than holdMs (its request was cancelled and never returns it)', async () => {
    let t = 0
    const gate = new UpstreamGate({
      concurrency: 1,
      queue: 0,
      waitMs: 10,
      holdMs: 1000,
      now: () => t,
    })
    void gate.run(() => new Promise<void>(() => undefined))
    await expect(gate.run(async () => 'x')).rejects.toBeInstanceOf(GateFull)
    t = 1000
    expect(await gate.run(async () => 'reclaimed')).toBe('reclaimed')
  })
})
