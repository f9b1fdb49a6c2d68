import { readFileSync } from 'node:fs'
import { type Outcome, WELL_KNOWN_CLOSE_REASONS } from '@jobmeta/core'
import { describe, expect, it } from 'vitest'
import { USAGE } from './args.ts'
import {
  closeReasonsFor,
  EXIT,
  EXIT_CODES,
  exitCodeForOutcome,
  exitCodesHelp,
  exitCodesMarkdown,
} from './exit-codes.ts'

describe('the exit-code table', () => {
  it('maps every outcome to one code', () => {
    const expected: Record<Outcome, number> = {
      ok: 0,
      failed: 3,
      cancelled: 4,
      limit: 5,
      unknown: 6,
      deleted: 6,
      pending: 6,
      running: 6,
    }
    for (const [outcome, code] of Object.entries(expected))
      expect(exitCodeForOutcome(outcome as Outcome), outcome).toBe(code)
    expect(EXIT).toMatchObject({ ok: 0, error: 1, usage: 2, interrupted: 130, terminated: 143 })
  })

  it('lists every well-known close reason under exactly one code, as core classifies it', () => {
    const listed = Object.values(EXIT_CODES).flatMap((e) => closeReasonsFor(e.code).known)
    expect([...listed].sort()).toEqual([...WELL_KNOWN_CLOSE_REASONS].sort())
    expect(closeReasonsFor(3).known).toEqual(
      expect.arrayContaining(['memusage_exceeded', 'closespider_errorcount', 'killed by oom']),
    )
    expect(closeReasonsFor(5).known).toEqual(
      expect.arrayContaining([
        'closespider_timeout',
        'closespider_itemcount',
        'cancelled (24h limit)',
      ]),
    )
    expect(closeReasonsFor(5).patterns).toEqual(['closespider_*'])
  })

  it('is what --help prints', () => {
    expect(USAGE).toContain(`Exit codes:\n${exitCodesHelp()}\n`)
    for (const e of Object.values(EXIT_CODES)) expect(exitCodesHelp()).toContain(`  ${e.code} `)
  })

  it('is the README table, verbatim', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    expect(readme).toContain(`## Exit codes\n\n${exitCodesMarkdown()}\n`)
  })
})
