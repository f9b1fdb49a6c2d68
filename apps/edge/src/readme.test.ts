import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PUBLIC_FIELDS } from './config.ts'
import { settingDocs } from './settings.ts'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

/** The rows of the README's settings table (the one whose header starts with `setting`). */
function settingsTable(): string[][] {
  const lines = readme.split('\n')
  const start = lines.findIndex((l) => /^\|\s*setting\s*\|/.test(l))
  const rows: string[][] = []
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('|')) break
    rows.push(
      l
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
  }
  return rows
}

/** A README row as the schema writes it: name, default, range, description. */
function expectedRow(s: ReturnType<typeof settingDocs>[number]): string[] {
  const dflt = s.default.startsWith('(') ? s.default : `\`${s.default}\``
  return [`\`${s.name}\``, dflt, s.range, s.description]
}

describe('README', () => {
  it('has the settings table of the settings schema: every setting, its default, range and meaning', () => {
    const rows = settingsTable()
    expect(rows.length).toBeGreaterThan(0)
    // bindings are not env settings: they are listed after the settings, marked so
    const settings = rows.filter((r) => !r[0]?.includes('(binding)'))
    expect(settings).toEqual(settingDocs().map(expectedRow))
  })

  it('lists the default public fields', () => {
    expect(readme).toContain(DEFAULT_PUBLIC_FIELDS.join(','))
  })
})
