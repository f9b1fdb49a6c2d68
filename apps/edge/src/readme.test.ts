import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PUBLIC_FIELDS, SETTINGS } from './config.ts'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

describe('README', () => {
  it('documents every setting with its default', () => {
    const rows = readme
      .split('\n')
      .filter((l) => l.startsWith('|'))
      .map((l) => l.split('|').map((cell) => cell.trim()))
    for (const s of SETTINGS) {
      const row = rows.find((cells) => cells[1] === `\`${s.name}\``)
      expect(row, s.name).toBeDefined()
      if (!s.default.startsWith('(')) expect(row?.[2]).toBe(`\`${s.default}\``)
    }
  })

  it('lists the default public fields', () => {
    expect(readme).toContain(DEFAULT_PUBLIC_FIELDS.join(','))
  })
})
