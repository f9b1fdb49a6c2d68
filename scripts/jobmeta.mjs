#!/usr/bin/env node
// `pnpm start` and `pnpm jobmeta ARGS`: brings apps/tui/dist up to date through turbo (cached when
// nothing changed) with turbo's banner and summary held back, shown only if the build fails, then
// runs the CLI in this process, so the terminal shows nothing but jobmeta's own output.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const build = spawnSync(
  fileURLToPath(new URL('../node_modules/.bin/turbo', import.meta.url)),
  ['run', 'build', '--filter=@jobmeta/tui', '--output-logs=errors-only'],
  {
    cwd: root,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  },
)
if (build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`)
  if (build.error) process.stderr.write(`jobmeta: could not run turbo: ${build.error.message}\n`)
  process.stderr.write('jobmeta: the build failed (output above)\n')
  process.exit(build.status || 1)
}
await import(new URL('../apps/tui/dist/cli.js', import.meta.url).href)
