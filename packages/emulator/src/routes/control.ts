import type { Hono } from 'hono'
import type { AppEnv } from '../app.ts'
import { type FaultController, type FaultOptions, validateFaults } from '../faults.ts'
import { json, parseError, parseJson, readBody } from '../http.ts'
import type { RequestStats } from '../stats.ts'

/** Registers the test-only `/__emulator/*` controls (no API key needed). */
export function controlRoutes(
  app: Hono<AppEnv>,
  faults: FaultController,
  stats: RequestStats,
): void {
  app.get('/__emulator/stats', () => json(200, stats.toJSON()))

  app.get('/__emulator/faults', () => json(200, faults.current() ?? {}))

  app.post('/__emulator/faults', async (c) => {
    const body = await readBody(c.req.raw)
    if (body instanceof Response) return body
    const parsed = parseJson(body.trim() === '' ? '{}' : body)
    if (parsed instanceof Response) return parsed
    const problem = validateFaults(parsed.value)
    if (problem) return parseError(problem)
    faults.set(parsed.value as FaultOptions)
    return json(200, faults.current() ?? {})
  })

  app.post('/__emulator/reset', () => {
    stats.reset()
    return json(200, stats.toJSON())
  })
}
