/** Test harness: the App rendered with ink-testing-library against a test server's client. */
import { render } from 'ink-testing-library'
import { vi } from 'vitest'
import { T0 } from '../test-support.ts'
import { App, type AppProps } from './App.tsx'

/** The terminal size the App tests render at. */
export const TEST_SIZE = { columns: 120, rows: 30 }

/** `s` without SGR colour sequences. */
export const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '')

/**
 * Renders the App for project 1 at TEST_SIZE with a fixed clock; `frame` is the last frame without
 * colours, `until` waits for a text or pattern, `press` types keys one tick apart, `copied` holds
 * what the App copied.
 */
export function showApp(client: AppProps['client'], overrides: Partial<AppProps> = {}) {
  const copied: string[] = []
  const r = render(
    <App
      client={client}
      project={1}
      demo={false}
      intervalMs={60_000}
      size={TEST_SIZE}
      clock={() => T0}
      copy={(t) => copied.push(t)}
      {...overrides}
    />,
  )
  const frame = () => stripAnsi(r.lastFrame() ?? '')
  const until = async (text: string | RegExp, timeout = 8000) => {
    await vi.waitFor(
      () => {
        const f = frame()
        if (typeof text === 'string' ? !f.includes(text) : !text.test(f)) {
          throw new Error(`waiting for ${text} in:\n${f}`)
        }
      },
      { timeout, interval: 10 },
    )
    return frame()
  }
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k)
      // Let Ink process one key before the next (input is handled in a later tick).
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  return { ...r, frame, until, press, copied }
}
