import type { Outcome } from '@jobmeta/core'
/** A line of a scrollable view: text plus a tone (mapped to a colour) and what `y` copies. */

/** Semantic colour of a line; the theme maps it to a terminal colour. */
export type Tone = 'heading' | 'dim' | 'ok' | 'warn' | 'error' | 'accent' | 'running'

/** One rendered line of a document view (detail overview, stats tree, raw JSON). */
export interface Line {
  text: string
  tone?: Tone
  /** What `y` copies when this line is selected (absent: the job key). */
  copy?: string
  /** Stats tree: the group this line opens/closes (group header lines only). */
  group?: string
  /** Stable identity across refreshes (a stat's name, a field's label): the cursor follows it. */
  id?: string
  /** Stats tree: the group this line is inside (absent at the top level). */
  parent?: string
}

/** The mark after a value of unexpected type. */
export const ODD_MARK = '⚠'

/** Maps tones to Ink colour names. */
export const TONE_COLORS: Record<Tone, string> = {
  heading: 'blue',
  dim: 'gray',
  ok: 'green',
  warn: 'yellow',
  error: 'red',
  accent: 'magenta',
  running: 'cyan',
}

/** Tone for an outcome. */
export function outcomeTone(outcome: Outcome): Tone | undefined {
  switch (outcome) {
    case 'ok':
      return 'ok'
    case 'failed':
      return 'error'
    case 'cancelled':
      return 'warn'
    case 'limit':
      return 'accent'
    case 'running':
      return 'running'
    case 'pending':
    case 'deleted':
      return 'dim'
    default:
      return undefined
  }
}
