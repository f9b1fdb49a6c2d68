import { expect, it } from 'vitest'
import { osc52 } from './osc52.ts'

it('encodes the text as base64 inside OSC 52', () => {
  const seq = osc52('123/4/567')
  expect(seq.startsWith('\x1b]52;c;')).toBe(true)
  expect(seq.endsWith('\x07')).toBe(true)
  expect(Buffer.from(seq.slice(7, -1), 'base64').toString()).toBe('123/4/567')
})
