import { classifyCloseReason } from './close-reasons.ts'

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
