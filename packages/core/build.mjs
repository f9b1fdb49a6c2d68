// Builds dist/ for the published package: tsc emits only the declarations (it leaves `./x.ts` in them,
// which a consumer's TypeScript cannot resolve there, so they are rewritten to `./x.js` here);
// esbuild bundles the code of each public entry (`.`, `./schemas`, `./node`) into one ES2022 file,
// with the modules they share in a common chunk and zod left as an import. One file instead of 25
// halves the cost of importing core (module resolution and file reads; packages/core/README.md,
// Benchmarks). Source maps carry their sources (src/ is not shipped).
import { execFileSync } from 'node:child_process'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

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

await build({
  absWorkingDir: root,
  entryPoints: ['src/index.ts', 'src/zod-schemas.ts', 'src/node/fetch.ts'],
  outbase: 'src',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  external: ['zod', 'node:*'],
  sourcemap: true,
  sourcesContent: true,
  logLevel: 'warning',
})
