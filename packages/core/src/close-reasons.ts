/** close_reason values seen in the wild (the set is open: any string may appear). */
export const WELL_KNOWN_CLOSE_REASONS: readonly string[] = [
  'finished',
  'failed',
  'cancelled',
  'cancelled (24h limit)',
  'cancelled (stalled)',
  'cancel_timeout',
  'shutdown',
  'memusage_exceeded',
  'killed by oom',
  'diskusage_exceeded',
  'closespider_timeout',
  'closespider_itemcount',
  'closespider_pagecount',
  'closespider_errorcount',
]

/** How a close reason reads: a normal finish, a failure, a cancellation, a configured limit, or unknown. */
export type CloseReasonClass = 'ok' | 'failed' | 'cancelled' | 'limit' | 'unknown'

const EXACT: Record<string, CloseReasonClass> = {
  finished: 'ok',
  failed: 'failed',
  shutdown: 'failed',
  memusage_exceeded: 'failed',
  'killed by oom': 'failed',
  diskusage_exceeded: 'failed',
  closespider_errorcount: 'failed',
  cancelled: 'cancelled',
  'cancelled (stalled)': 'cancelled',
  cancel_timeout: 'cancelled',
  'cancelled (24h limit)': 'limit',
  closespider_timeout: 'limit',
  closespider_itemcount: 'limit',
  closespider_pagecount: 'limit',
}

/** Classify a close_reason; unrecognised or missing reasons are 'unknown', never guessed. */
export function classifyCloseReason(reason: string | undefined): CloseReasonClass {
  if (typeof reason !== 'string') return 'unknown'
  const r = reason.trim().toLowerCase()
  const exact = Object.hasOwn(EXACT, r) ? EXACT[r] : undefined
  if (exact) return exact
  if (r.startsWith('closespider_')) return 'limit'
  if (r.startsWith('cancel')) return 'cancelled'
  return 'unknown'
}
