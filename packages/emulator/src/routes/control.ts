import type { Hono } from 'hono'
import type { AppEnv, Controls } from '../context.ts'
import { type FaultOptions, validateFaults } from '../faults.ts'
import { json, parseError, parseJson, readBody } from '../http.ts'
import { parseSeedFile } from '../seed/load.ts'

/** The JSON body of a control request (`{}` when empty), or the 400/413 answer. */
async function body(req: Request): Promise<{ value: unknown } | Response> {
  const text = await readBody(req)
  if (text instanceof Response) return text
  return parseJson(text.trim() === '' ? '{}' : text)
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/**
 * Registers the test-only `/__emulator/*` controls (no API key needed; neither counted nor
 * faulted): faults, request counters, reset, jobs (seeding) and the clock.
 */
export function controlRoutes(app: Hono<AppEnv>, controls: Controls): void {
  const { faults, stats, store, clock } = controls

  app.get('/__emulator/stats', () => json(200, stats.toJSON()))

  app.get('/__emulator/faults', () => json(200, faults.current() ?? {}))

  app.post('/__emulator/faults', async (c) => {
    const parsed = await body(c.req.raw)
    if (parsed instanceof Response) return parsed
    const problem = validateFaults(parsed.value)
    if (problem) return parseError(problem)
    faults.set(parsed.value as FaultOptions)
    return json(200, faults.current() ?? {})
  })

  // counters to zero, faults cleared, clock back to its base; the jobs stay as they are
  app.post('/__emulator/reset', () => {
    stats.reset()
    faults.clear()
    clock.setOffset(0)
    return json(200, stats.toJSON())
  })

  app.post('/__emulator/jobs', async (c) => {
    const parsed = await body(c.req.raw)
    if (parsed instanceof Response) return parsed
    let seeds: ReturnType<typeof parseSeedFile>
    try {
      seeds = parseSeedFile(parsed.value)
    } catch (e) {
      return parseError((e as Error).message)
    }
    store.load(seeds)
    return json(200, { count: seeds.length })
  })

  app.delete('/__emulator/jobs/:project/:spider/:job', (c) => {
    const { project, spider, job } = c.req.param()
    return json(200, { deleted: store.delete(`${project}/${spider}/${job}`) })
  })

  app.get('/__emulator/clock', () => json(200, { now: clock.now() }))

  app.post('/__emulator/clock', async (c) => {
    const parsed = await body(c.req.raw)
    if (parsed instanceof Response) return parsed
    const v = parsed.value as Record<string, unknown> | null
    if (v && typeof v === 'object' && finite(v.advanceMs)) clock.advance(v.advanceMs)
    else if (v && typeof v === 'object' && finite(v.offsetMs)) clock.setOffset(v.offsetMs)
    else return parseError('clock takes {"advanceMs": ms} or {"offsetMs": ms}')
    return json(200, { now: clock.now() })
  })

  app.post('/__emulator/tick', () => {
    controls.tick()
    return json(200, { now: clock.now() })
  })
}
