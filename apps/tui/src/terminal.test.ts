import { expect, it } from 'vitest'
import { restoreTerminal } from './terminal.ts'

it('leaves raw mode and the alternate screen exactly once', () => {
  const modes: boolean[] = []
  let written = ''
  const streams = {
    stdin: { isTTY: true, setRawMode: (m: boolean) => modes.push(m) },
    stdout: { write: (s: string) => (written += s) },
  }
  const state = { restored: false }
  restoreTerminal(streams, state)
  restoreTerminal(streams, state)
  expect(modes).toEqual([false])
  expect(written).toBe('\x1b[?25h\x1b[?1049l')
})
