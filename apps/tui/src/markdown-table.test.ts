import { describe, expect, it } from 'vitest'
import { markdownTable } from './markdown-table.ts'

describe('markdownTable', () => {
  it('pads every column to its widest cell, header included', () => {
    expect(
      markdownTable(
        ['code', 'meaning'],
        [
          ['0', 'ok'],
          ['12', 'a longer meaning'],
        ],
      ),
    ).toBe(
      [
        '| code | meaning          |',
        '| ---- | ---------------- |',
        '| 0    | ok               |',
        '| 12   | a longer meaning |',
      ].join('\n'),
    )
  })

  it('prints the header and the rule alone for no rows', () => {
    expect(markdownTable(['flag'], [])).toBe('| flag |\n| ---- |')
  })
})
