import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// src/node/ is the Node-only entry (@jobmeta/core/node): not read here, and never imported below.
const dir = new URL('.', import.meta.url).pathname
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }))

describe('src/ uses web-standard APIs only', () => {
  it('finds the sources', () => {
    expect(sources.length).toBeGreaterThan(10)
  })
  it.each(sources)('$file imports no node:* or Node built-in module', ({ text }) => {
    const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map(
      (m) => m[1],
    )
    for (const s of specifiers) {
      expect(s).not.toMatch(/^node:/)
      expect(s).not.toMatch(
        /^(fs|path|http|https|net|stream|buffer|crypto|os|url|util|events|child_process)(\/|$)/,
      )
    }
  })
  it.each(sources)('$file does not import the Node-only entry (src/node/)', ({ text }) => {
    expect(text).not.toMatch(/(?:from|import)\s*\(?\s*['"]\.\/node\//)
  })
  it.each(sources)('$file uses no process, Buffer, require, __dirname or global', ({ text }) => {
    const code = text
      .replace(/\/\/.*$/gm, '')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, "''")
    expect(code).not.toMatch(/\b(process|Buffer|require|__dirname|__filename|setImmediate)\b/)
    expect(code).not.toMatch(/\bglobal\./)
  })
})
