import { classifyCloseReason } from './close-reasons.ts'
import type { JobState } from './states.ts'

/** Every outcome, in lifecycle order: still queued or running, how a finished job ended, deleted. */
export const OUTCOMES = [
  'pending',
  'running',
  'ok',
  'failed',
  'cancelled',
  'limit',
  'deleted',
  'unknown',
] as const

/** What became of a job: still queued or running, or how it ended. */
export type Outcome = (typeof OUTCOMES)[number]

/**
 * The outcome rule, for metadata and JobQ rows alike: a pending, running or deleted job is its
 * state; a finished job is its close_reason's class (`classifyCloseReason`); anything else
 * (no state, an unknown state) is 'unknown'.
 */
export function outcomeOf(meta: { state?: unknown; close_reason?: unknown }): Outcome {
  switch (meta?.state) {
    case 'pending':
      return 'pending'
    case 'running':
      return 'running'
    case 'deleted':
      return 'deleted'
    case 'finished':
      return classifyCloseReason(
        typeof meta.close_reason === 'string' ? meta.close_reason : undefined,
      )
    default:
      return 'unknown'
  }
}

/**
 * The state a job with this outcome is in, the outcome rule read backwards: pending, running and
 * deleted are their own state; ok, failed, cancelled, limit and unknown are finished jobs' (what
 * to ask JobQ for when listing jobs of an outcome).
 */
export function stateOfOutcome(outcome: Outcome): JobState {
  return outcome === 'pending' || outcome === 'running' || outcome === 'deleted'
    ? outcome
    : 'finished'
}
