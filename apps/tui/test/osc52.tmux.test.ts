// Hostile text in a real terminal: tmux with `set-clipboard on` turns any OSC 52 sequence that
// reaches the pane into a paste buffer. Viewing (and printing) a job whose close reason holds one
// must leave `tmux list-buffers` empty; a raw printf of the same sequence proves the check works.
import { ODD_PROJECT, OSC52_PAYLOAD } from '@jobmeta/emulator'
import { startEmulator } from '@jobmeta/emulator/node'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { CLI, cleanEnv } from './run-cli.ts'
import { TmuxSession } from './tmux.ts'

const KEY = 'e5e5e5e5f6f6f6f6a7a7a7a7b8b8b8b8'
const JOB = `${ODD_PROJECT}/1/1`

let emulator: Awaited<ReturnType<typeof startEmulator>>
let tmux: TmuxSession

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    seed: 'odd',
    apikeys: { [KEY]: '*' },
  })
})
afterAll(() => emulator?.close())

// A fresh tmux server and session per test (no buffer or viewer left from another test), given its
// whole environment: nothing of the caller's.
beforeEach(() => {
  tmux = new TmuxSession(120, 40, "env TERM=xterm-256color PS1='$ ' bash --norc --noprofile", {
    ...cleanEnv(),
    SH_APIKEY: KEY,
    SHUB_STORAGE: emulator.url,
  })
  tmux.tmux('set-option', '-s', 'set-clipboard', 'on')
})
afterEach(() => {
  tmux.kill()
})

const buffers = () => tmux.tmux('list-buffers').trim()

it('a raw OSC 52 sequence in the pane makes a tmux buffer (the check below can fail)', async () => {
  await tmux.waitFor((p) => p.includes('$'), 'the shell prompt')
  tmux.send([`printf '\\033]52;c;%s\\007' "$(printf probe | base64)"; echo PRINTED`, 'Enter'])
  await tmux.waitFor((p) => /^PRINTED$/m.test(p), 'the printf')
  expect(buffers()).toContain('"probe"')
}, 30_000)

it('viewing a job whose close reason holds OSC 52 leaves the clipboard alone', async () => {
  await tmux.waitFor((p) => p.includes('$'), 'the shell prompt')
  tmux.send([`node ${CLI} ${JOB} --interval 1; echo "EXIT=$?"`, 'Enter'])
  let pane = await tmux.waitFor(
    (p) => p.includes('close reason') && p.includes('clipboard-thief'),
    'the job detail',
  )
  expect(buffers()).toBe('')
  expect(pane).toContain('finished ␛]52;c;')
  // refreshes redraw the close reason; the stats and JSON views show it too
  for (const key of ['r', 'J', 'o', 'r']) {
    tmux.send([key])
    await new Promise((r) => setTimeout(r, 300))
  }
  tmux.send(['Escape'])
  pane = await tmux.waitFor((p) => p.includes('jobs loaded'), 'the list')
  expect(pane).toContain('finished ␛]52;c')
  tmux.send(['q'])
  await tmux.waitFor((p) => /^EXIT=0$/m.test(p), 'the exit code')
  expect(buffers()).toBe('')

  // the scriptable commands print it to the terminal too
  tmux.send(['clear', 'Enter'])
  tmux.send([
    `node ${CLI} get ${JOB}; node ${CLI} get ${JOB} close_reason; node ${CLI} ls ${ODD_PROJECT}; echo DONE`,
    'Enter',
  ])
  pane = await tmux.waitFor((p) => /^DONE$/m.test(p), 'get and ls', 30_000)
  expect(pane).toContain('␛]52;c;')
  expect(buffers()).toBe('')
  expect(buffers()).not.toContain(OSC52_PAYLOAD)
}, 90_000)
