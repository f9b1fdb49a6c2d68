/** Process exit codes of `jobmeta` (documented in --help and the README). */
import type { Outcome } from '@jobmeta/core'

/** The exit codes, by meaning. */
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  failed: 3,
  cancelled: 4,
  limit: 5,
  other: 6,
  interrupted: 130,
} as const

/** The `watch` exit code for the outcome a job ended with. */
export function exitCodeForOutcome(outcome: Outcome): number {
  switch (outcome) {
    case 'ok':
      return EXIT.ok
    case 'failed':
      return EXIT.failed
    case 'cancelled':
      return EXIT.cancelled
    case 'limit':
      return EXIT.limit
    default:
      return EXIT.other
  }
}
