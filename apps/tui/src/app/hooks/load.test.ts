import { describe, expect, it } from 'vitest'
import { runLoad } from './load.ts'

function recorder() {
  const log: string[] = []
  return {
    log,
    on: {
      data: (v: unknown) => log.push(`data ${String(v)}`),
      error: (e: unknown) => log.push(`error ${(e as Error).message}`),
      done: (signal: AbortSignal) => log.push(signal.aborted ? 'done, aborted' : 'done'),
    },
  }
}

describe('runLoad', () => {
  it('reports the data, then done', async () => {
    const abort = { current: undefined as AbortController | undefined }
    const r = recorder()
    const signal = await runLoad(abort, async () => 1, r.on)
    expect(r.log).toEqual(['data 1', 'done'])
    expect(signal.aborted).toBe(false)
    expect(abort.current?.signal).toBe(signal)
  })

  it('reports an error thrown by the work, even synchronously', async () => {
    const abort = { current: undefined as AbortController | undefined }
    const r = recorder()
    await runLoad(
      abort,
      () => {
        throw new Error('boom')
      },
      r.on,
    )
    expect(r.log).toEqual(['error boom', 'done'])
  })

  it('aborts the load before it, which then reports nothing', async () => {
    const abort = { current: undefined as AbortController | undefined }
    const first = recorder()
    const second = recorder()
    let release: (v: string) => void = () => {}
    let firstSignal: AbortSignal | undefined
    const a = runLoad(
      abort,
      (signal) => {
        firstSignal = signal
        return new Promise<string>((resolve) => {
          release = resolve
        })
      },
      first.on,
    )
    const b = runLoad(abort, async () => 'new', second.on)
    expect(firstSignal?.aborted).toBe(true)
    release('old')
    await Promise.all([a, b])
    expect(first.log).toEqual([])
    expect(second.log).toEqual(['data new', 'done'])
  })

  it('reports neither data nor error for a load aborted from outside, but done if it is still the latest', async () => {
    const abort = { current: undefined as AbortController | undefined }
    const r = recorder()
    const p = runLoad(
      abort,
      (signal) =>
        new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
      r.on,
    )
    abort.current?.abort()
    await p
    expect(r.log).toEqual(['done, aborted'])
  })
})
