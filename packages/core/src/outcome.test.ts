import { describe, expect, it } from 'vitest'
import { WELL_KNOWN_CLOSE_REASONS } from './close-reasons.ts'
import { OUTCOMES, outcomeOf, stateOfOutcome } from './outcome.ts'
import { JOB_STATES } from './states.ts'

describe('outcomeOf', () => {
  it('maps state and close reason', () => {
    expect(outcomeOf({ state: 'pending' })).toBe('pending')
    expect(outcomeOf({ state: 'running', close_reason: 'finished' })).toBe('running')
    expect(outcomeOf({ state: 'finished', close_reason: 'finished' })).toBe('ok')
    expect(outcomeOf({ state: 'finished', close_reason: 'memusage_exceeded' })).toBe('failed')
    expect(outcomeOf({ state: 'finished', close_reason: 'closespider_timeout' })).toBe('limit')
    expect(outcomeOf({ state: 'finished', close_reason: 'cancelled' })).toBe('cancelled')
    expect(outcomeOf({ state: 'finished' })).toBe('unknown')
    expect(outcomeOf({ state: 'deleted', close_reason: 'finished' })).toBe('deleted')
    expect(outcomeOf({})).toBe('unknown')
  })

  it('takes untrusted values: anything that is not a known state or a string reason is unknown', () => {
    expect(outcomeOf({ state: 'finished', close_reason: 42 })).toBe('unknown')
    expect(outcomeOf({ state: ['finished'] })).toBe('unknown')
    expect(outcomeOf(null as never)).toBe('unknown')
  })

  it('only ever answers one of OUTCOMES', () => {
    const seen = new Set<string>()
    for (const state of [...JOB_STATES, 'other', undefined])
      for (const close_reason of [...WELL_KNOWN_CLOSE_REASONS, 'odd', undefined])
        seen.add(outcomeOf({ state, close_reason }))
    expect([...seen].every((o) => (OUTCOMES as readonly string[]).includes(o))).toBe(true)
    expect([...seen].sort()).toEqual([...OUTCOMES].sort())
  })
})

describe('stateOfOutcome', () => {
  it('is the state of every job outcomeOf gives that outcome', () => {
    const reasons = [...WELL_KNOWN_CLOSE_REASONS, 'something_new', undefined]
    for (const state of JOB_STATES)
      for (const close_reason of reasons) {
        const outcome = outcomeOf({ state, close_reason })
        expect(stateOfOutcome(outcome), `${state} ${close_reason}`).toBe(state)
      }
    expect(OUTCOMES.map(stateOfOutcome)).toEqual([
      'pending',
      'running',
      'finished',
      'finished',
      'finished',
      'finished',
      'deleted',
      'finished',
    ])
  })
})
