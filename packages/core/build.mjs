// Builds dist/ for the published package: tsc emits ES2022 modules (relative `./x.ts` imports
// rewritten to `./x.js`), declarations and source maps with their sources inlined (src/ is not
// shipped). tsc leaves `./x.ts` in the declarations, which a consumer's TypeScript cannot resolve
// there, so they are rewritten to `./x.js` here.
import { execFileSync } from 'node:child_process'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('.', import.meta.url))
const dist = join(root, 'dist')
const tsc = join(
  dirname(createRequire(import.meta.url).resolve('typescript/package.json')),
  'bin/tsc',
)

await rm(dist, { recursive: true, force: true })
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' })

/** `from './x.ts'`, `import('./x.ts')` and `import './x.ts'` with a relative path. */
const TS_SPECIFIER = /((?:\bfrom|\bimport)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\.ts\2/g

for (const file of await readdir(dist, { recursive: true })) {
  if (!file.endsWith('.d.ts')) continue
  const path = join(dist, file)
  const text = await readFile(path, 'utf8')
  const fixed = text.replace(TS_SPECIFIER, '$1$2$3.js$2')
  if (fixed !== text) await writeFile(path, fixed)
}
