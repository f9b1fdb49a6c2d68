import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { CLI, cleanEnv } from './run-cli.ts'
import { TmuxSession } from './tmux.ts'

let tmux: TmuxSession

// A fresh session per test, killed after it even when the test fails (a viewer left running would
// otherwise take the next test's keystrokes).
beforeEach(() => {
  // A clean shell (no keys, an empty HOME, none of the caller's NO_COLOR, FORCE_COLOR or TERM) that
  // exports CI, as many developers' shells do: the viewer must still draw every frame (Ink alone
  // would print only the last one). tmux sets TERM and drops PS1, so the shell command sets them.
  const shell = "env TERM=xterm-256color PS1='$ ' bash --norc --noprofile"
  tmux = new TmuxSession(120, 40, shell, { ...cleanEnv(), CI: 'true' })
})
afterEach(() => {
  const socket = tmux.kill()
  // No socket file left behind in /tmp/tmux-UID per run.
  if (socket) expect(existsSync(socket)).toBe(false)
})

const row = /123456\/\d+\/\d+/
// An SGR sequence that sets a foreground colour (attributes such as inverse or bold do not count).
const COLOR = /\x1b\[(?:[\d;]*;)?(?:3[0-8]|9[0-7])(?:;[\d;]*)?m/

it('starts, lists, opens a job, shows stats, goes back, filters, quits and restores the terminal', async () => {
  await tmux.waitFor((p) => p.includes('$'), 'the shell prompt')
  tmux.send([`node ${CLI} --interval 2; echo "EXIT=$?"`, 'Enter'])

  let pane = await tmux.waitFor((p) => p.includes('jobs loaded') && row.test(p), 'the job list')
  expect(pane).toContain(' DEMO ')
  expect(pane).toMatch(/KEY\s+SPIDER\s+OUTCOME\s+CLOSE REASON/)
  expect(pane).toMatch(/live every 2s · updated (just now|\d+s ago)/)
  expect(tmux.capture(true)).toMatch(COLOR)

  // Only finished jobs (pending and running toggled off), then open the first one.
  tmux.send(['1'])
  await tmux.waitFor((p) => p.includes('1[ ]pending'), 'pending toggled off')
  tmux.send(['2'])
  pane = await tmux.waitFor(
    (p) =>
      // Wait for the reloaded rows: Enter on the empty list shown while reloading opens nothing.
      p.includes('2[ ]running') &&
      p.includes('jobs loaded') &&
      / [✔✖⊘◔?] [a-z]+ /.test(p) &&
      !/ [◌▶] (pending|running) /.test(p.split('\n').slice(4).join('\n')),
    'only finished jobs',
  )
  tmux.send(['Enter'])
  pane = await tmux.waitFor((p) => p.includes('Timing') && p.includes('Outcome'), 'the job detail')
  expect(pane).toMatch(/project 123456 › job 123456\/\d+\/\d+/)
  expect(pane).toMatch(/finished\s+\d{4}-\d\d-\d\d/)

  tmux.send(['s'])
  pane = await tmux.waitFor((p) => p.includes('▾ downloader/'), 'the stats tree')
  expect(pane).toMatch(/item_scraped_count\s+[\d,]+/)
  expect(pane).toMatch(/Stats \(\d+\)/)

  tmux.send(['Escape'])
  pane = await tmux.waitFor(
    (p) => p.includes('jobs loaded') && p.includes('CLOSE REASON'),
    'back to the list',
  )

  tmux.send(['/'])
  await tmux.waitFor((p) => p.includes('filter jobs: /'), 'the filter prompt')
  tmux.send(['news'], true)
  tmux.send(['Enter'])
  pane = await tmux.waitFor((p) => /match "news"/.test(p), 'the filtered list')
  const rows = pane.split('\n').filter((l) => row.test(l) && !l.includes('›'))
  expect(rows.length).toBeGreaterThan(0)
  for (const l of rows) expect(l).toContain('news-articles')

  tmux.send(['q'])
  pane = await tmux.waitFor((p) => /EXIT=\d+/.test(p), 'the exit code')
  expect(pane).toMatch(/^EXIT=0$/m)

  // The terminal is back in cooked mode with echo, and the shell takes input.
  tmux.send([
    `stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(icanon|echo)' | tr '\\n' ' '; echo TTY-CHECKED`,
    'Enter',
  ])
  pane = await tmux.waitFor((p) => /-?icanon -?echo TTY-CHECKED/.test(p), 'stty output', 5000)
  expect(pane).toMatch(/(^| )icanon echo TTY-CHECKED/m)
}, 120_000)

it('respects NO_COLOR, follows resizes, says when the terminal is too small, and restores the terminal on SIGTERM', async () => {
  await tmux.waitFor((p) => p.includes('$'), 'the shell prompt')
  tmux.send([`NO_COLOR=1 node ${CLI}; echo "EXIT=$?"`, 'Enter'])
  await tmux.waitFor((p) => p.includes('jobs loaded') && row.test(p), 'the job list')
  expect(tmux.capture(true)).not.toMatch(COLOR)

  tmux.tmux('resize-window', '-t', tmux.name, '-x', '70', '-y', '20')
  await tmux.waitFor((p) => p.includes('Terminal too small: 70x20'), 'the too-small message')
  tmux.tmux('resize-window', '-t', tmux.name, '-x', '120', '-y', '40')
  await tmux.waitFor(
    (p) => p.includes('jobs loaded') && p.includes('CLOSE REASON'),
    'the list again',
  )

  // SIGTERM to the jobmeta process (the shell's child): exit code 143 and a sane terminal.
  const shell = tmux.tmux('display-message', '-p', '-t', tmux.name, '#{pane_pid}').trim()
  const pid = execFileSync('ps', ['--ppid', shell, '-o', 'pid='], {
    encoding: 'utf8',
    env: cleanEnv(),
  }).trim()
  expect(pid).toMatch(/^\d+$/)
  process.kill(Number(pid), 'SIGTERM')
  await tmux.waitFor((p) => /EXIT=\d+/.test(p), 'the exit code')
  expect(tmux.capture()).toMatch(/^EXIT=143$/m)
  tmux.send(['clear', 'Enter'])
  tmux.send([
    `stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(icanon|echo)' | tr '\\n' ' '; echo TTY-CHECKED`,
    'Enter',
  ])
  const pane = await tmux.waitFor((p) => /-?icanon -?echo TTY-CHECKED/.test(p), 'stty output', 5000)
  expect(pane).toMatch(/(^| )icanon echo TTY-CHECKED/m)
}, 120_000)
