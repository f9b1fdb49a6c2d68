import { describe, expect, it } from 'vitest'
import { ACTIVE_STATES, isActiveState, JOB_STATES, LISTED_STATES } from './states.ts'

describe('state groups', () => {
  it('lists every state but deleted, in lifecycle order', () => {
    expect(LISTED_STATES).toEqual(JOB_STATES.filter((s) => s !== 'deleted'))
  })

  it('calls pending and running active, nothing else', () => {
    expect(JOB_STATES.filter(isActiveState)).toEqual([...ACTIVE_STATES])
    expect(isActiveState('Running')).toBe(false)
    expect(isActiveState(undefined)).toBe(false)
  })
})
