#!/usr/bin/env node
// Writes packages/core/src/version.ts from packages/core/package.json, the one source of the version.
// Core cannot import its package.json at run time (not every runtime and bundler it supports loads
// JSON modules), so the version is a generated constant; `pnpm version-packages` runs this after
// `changeset version`, and src/version.test.ts fails when the two differ.
import { readFile, writeFile } from 'node:fs/promises'

const core = new URL('../packages/core/', import.meta.url)
const { version } = JSON.parse(await readFile(new URL('package.json', core), 'utf8'))
const text = `// Generated from package.json by scripts/sync-versions.mjs; src/version.test.ts checks they match.
/** The version of @jobmeta/core, as in its package.json. */
export const VERSION = '${version}'
`
const target = new URL('src/version.ts', core)
const before = await readFile(target, 'utf8').catch(() => '')
if (before !== text) {
  await writeFile(target, text)
  console.log(`packages/core/src/version.ts: ${version}`)
}
