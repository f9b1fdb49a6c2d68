/** Colours by outcome, and the NO_COLOR switch. */
import type { Outcome } from '@jobmeta/core'

/** A colour name Ink understands, or undefined when colours are off. */
export type Color = string | undefined

/** Colour decisions for one run: `color(name)` returns undefined when colours are disabled. */
export interface Theme {
  enabled: boolean
  color(name: string): Color
  outcome(outcome: Outcome): Color
}

const OUTCOME_COLORS: Record<Outcome, string> = {
  pending: 'gray',
  running: 'cyan',
  ok: 'green',
  failed: 'red',
  cancelled: 'yellow',
  limit: 'magenta',
  deleted: 'gray',
  unknown: 'white',
}

/** Colours are off with NO_COLOR (any non-empty value) or --no-color. */
export function colorsEnabled(env: Record<string, string | undefined>, noColor: boolean): boolean {
  return !noColor && !(env.NO_COLOR !== undefined && env.NO_COLOR !== '')
}

/** Builds the theme for a run. */
export function createTheme(enabled: boolean): Theme {
  return {
    enabled,
    color: (name) => (enabled ? name : undefined),
    outcome: (o) => (enabled ? OUTCOME_COLORS[o] : undefined),
  }
}
