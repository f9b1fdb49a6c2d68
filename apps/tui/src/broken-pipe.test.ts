import { EventEmitter } from 'node:events'
import { expect, it } from 'vitest'
import { exitQuietlyOnBrokenPipe } from './broken-pipe.ts'

const error = (code: string) => Object.assign(new Error(`write ${code}`), { code })

it('exits 0 on EPIPE, and 1 with a message on any other write error', () => {
  const out = new EventEmitter()
  const err = new EventEmitter()
  const exits: number[] = []
  const messages: string[] = []
  exitQuietlyOnBrokenPipe(
    [out, err],
    (code) => exits.push(code),
    (m) => messages.push(m),
  )
  out.emit('error', error('EPIPE'))
  err.emit('error', error('EPIPE'))
  expect(exits).toEqual([0, 0])
  expect(messages).toEqual([])
  out.emit('error', error('ENOSPC'))
  expect(exits).toEqual([0, 0, 1])
  expect(messages).toEqual(['jobmeta: cannot write output: write ENOSPC\n'])
})
