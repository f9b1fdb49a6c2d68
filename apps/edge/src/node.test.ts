import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { DEMO_SPIDERS } from '@jobmeta/emulator'
import { afterEach, describe, expect, it } from 'vitest'

const dir = fileURLToPath(new URL('..', import.meta.url))
const running: ChildProcess[] = []

function start(env: Record<string, string>, args: string[] = ['--port', '0']) {
  // the whole environment: nothing inherited from the shell that started the tests
  const base = { PATH: process.env.PATH ?? '/usr/bin:/bin' }
  const child = spawn(`${dir}node_modules/.bin/tsx`, ['src/node.ts', ...args], {
    cwd: dir,
    env: { ...base, ...env },
  })
  running.push(child)
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => {
    out += d
  })
  child.stderr.on('data', (d) => {
    err += d
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, out: () => out, err: () => err, exited }
}

afterEach(() => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGTERM')
})

describe('pnpm edge (src/node.ts)', () => {
  it('without SHUB_APIKEY starts the embedded emulator, says so, and serves its demo project', async () => {
    const p = start({})
    await expect
      .poll(() => p.out(), { timeout: 15_000 })
      .toMatch(/listening on (http:\/\/127\.0\.0\.1:\d+\/)/)
    expect(p.out()).toMatch(
      /No SHUB_APIKEY set: serving the embedded emulator .* demo project 123456 public/,
    )
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(p.out())![1]!
    const list = await fetch(`${url}projects/123456/jobs?count=1`)
    expect(list.status).toBe(200)
    const { jobs } = (await list.json()) as { jobs: { key: string }[] }
    const job = await fetch(`${url}jobs/${jobs[0]!.key}`)
    expect(job.status).toBe(200)
    expect(job.headers.get('x-cache')).toBe('MISS')
    expect((await fetch(`${url}jobs/${jobs[0]!.key}`)).headers.get('x-cache')).toBe('HIT')
    // the status page: every demo spider, each with the outcome of its last finished job
    const status = await fetch(`${url}status/123456`)
    expect(status.status).toBe(200)
    const html = await status.text()
    for (const s of DEMO_SPIDERS) {
      const name = s.name.replace(/\./g, '\\.')
      const row = `<a href="/status/123456/${s.id}"><bdi>${name}</bdi></a>.*?</th><td class="o (ok|failed|cancelled|limit)">`
      expect(html).toMatch(new RegExp(row))
    }
  })

  it('exits non-zero with a clear error naming the setting when misconfigured', async () => {
    const p = start({
      SHUB_APIKEY: '0123456789abcdef0123456789abcdef',
      PUBLIC_PROJECTS: 'everything',
    })
    expect(await p.exited).toBe(1)
    expect(p.err()).toContain('configuration error: PUBLIC_PROJECTS')
    expect(p.err()).not.toContain('0123456789abcdef')
    const q = start({}, ['--port', 'abc'])
    expect(await q.exited).toBe(1)
    expect(q.err()).toContain('--port')
  })
})
