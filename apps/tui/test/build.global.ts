import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** Bundles the CLI before the suite (about a second with esbuild). */
export default function setup(): void {
  execFileSync(process.execPath, ['build.mjs'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: 'inherit',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  })
}
