/** A tmux session on its own socket, for driving the real binary in a real terminal. */
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'

/** Where tmux is (CI installs it; /usr/bin/tmux here). */
export const TMUX = process.env.TMUX_BIN ?? 'tmux'

/**
 * A detached tmux session of a given size. Its server, and so the session's shell, gets exactly
 * `env` (plus a UTF-8 locale): nothing of the environment the tests were started from.
 */
export class TmuxSession {
  readonly socket = `jobmeta-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
  readonly name = 'e2e'
  private readonly env: Record<string, string>

  constructor(columns: number, rows: number, shellCommand: string, env: Record<string, string>) {
    this.env = { LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', ...env }
    this.tmux(
      'new-session',
      '-d',
      '-x',
      String(columns),
      '-y',
      String(rows),
      '-s',
      this.name,
      shellCommand,
    )
    this.tmux('set-option', '-s', 'escape-time', '10')
  }

  /** Runs a tmux command on this session's socket. */
  tmux(...args: string[]): string {
    return execFileSync(TMUX, ['-L', this.socket, ...args], { encoding: 'utf8', env: this.env })
  }

  /** Sends keys (tmux key names such as Enter, Escape, or literal text with `literal`). */
  send(keys: string[], literal = false): void {
    this.tmux('send-keys', '-t', this.name, ...(literal ? ['-l'] : []), ...keys)
  }

  /** The visible pane as text (with `escapes`, including colour and attribute sequences). */
  capture(escapes = false): string {
    return this.tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', this.name)
  }

  /** Polls the pane until `test` passes; throws with the last capture after `timeoutMs`. */
  async waitFor(
    test: (pane: string) => boolean,
    what: string,
    timeoutMs = 30_000,
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs
    let pane = ''
    while (Date.now() < deadline) {
      pane = this.capture()
      if (test(pane)) return pane
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`timed out waiting for ${what}; pane:\n${pane}`)
  }

  /** The server's socket file (kill-server leaves it behind). */
  socketPath(): string {
    return this.tmux('display-message', '-p', '#{socket_path}').trim()
  }

  /** Kills the session's server and removes its socket file; returns that file's path. */
  kill(): string | undefined {
    let socket: string | undefined
    try {
      socket = this.socketPath()
      this.tmux('kill-server')
    } catch {
      // already gone
    }
    if (socket) rmSync(socket, { force: true })
    return socket
  }
}
