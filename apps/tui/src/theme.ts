/** Colours by outcome, and the NO_COLOR switch. */
import type { Outcome } from '@jobmeta/core'
import { outcomeTone, TONE_COLORS } from './lines.ts'

/** A colour name Ink understands, or undefined when colours are off. */
export type Color = string | undefined

/** Colour decisions for one run: `color(name)` returns undefined when colours are disabled. */
export interface Theme {
  enabled: boolean
  color(name: string): Color
  outcome(outcome: Outcome): Color
}

/** An outcome's colour: the colour of its tone (one outcome → tone map, in lines.ts). */
function outcomeColor(outcome: Outcome): string {
  const tone = outcomeTone(outcome)
  return tone ? TONE_COLORS[tone] : 'white'
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
    outcome: (o) => (enabled ? outcomeColor(o) : undefined),
  }
}
