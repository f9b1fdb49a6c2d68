/** What the status line says: a prompt, an error with the next try, a confirmation, or info. */
import { formatNumber, formatRelativeTime } from '@jobmeta/core'
import { explainError } from '../explain-error.ts'
import type { Status } from './components/Chrome.tsx'
import { completionHint, PROMPT_LABELS, type Prompt } from './prompt.ts'

/** Everything the status line depends on. */
export interface StatusInput {
  prompt: Prompt | null
  /** Suggestions for the open prompt. */
  offered: readonly string[]
  error?: unknown
  /** When a failed load is tried again by itself. */
  nextTryAt?: number
  now: number
  flash?: string
  /** The info text of the screen (list counts, job URL, …). */
  info: string
}

/** " · retrying in 8s" for a failed load that is tried again by itself. */
export function retryNote(nextTryAt: number | undefined, now: number): string {
  if (nextTryAt === undefined) return ''
  const s = Math.max(0, Math.ceil((nextTryAt - now) / 1000))
  return s > 0 ? ` · retrying in ${s}s` : ' · retrying…'
}

/** The status line, in order of priority: prompt > error > confirmation > info. */
export function statusOf(i: StatusInput): Status {
  if (i.prompt)
    return {
      kind: 'prompt',
      label: PROMPT_LABELS[i.prompt.kind],
      value: i.prompt.value,
      hint: completionHint(i.offered),
    }
  if (i.error !== undefined) {
    const e = explainError(i.error)
    // The next try goes right after the message: a long hint is what gets cut at the edge.
    return { kind: 'error', message: `${e.message}${retryNote(i.nextTryAt, i.now)}`, hint: e.hint }
  }
  if (i.flash) return { kind: 'flash', text: i.flash }
  return { kind: 'info', text: i.info }
}

/** The list's info: how many jobs are loaded, shown and matched. */
export function listInfo(o: {
  loading: boolean
  loaded: number
  shown: number
  exhausted: boolean
  loadingMore: boolean
  text: string
  narrowed: boolean
}): string {
  if (o.loading) return 'loading jobs…'
  const loaded = `${formatNumber(o.loaded)} jobs loaded${o.exhausted ? '' : ' (more below)'}`
  const shown = o.text
    ? `${formatNumber(o.shown)} match "${o.text}" · `
    : o.narrowed
      ? `${formatNumber(o.shown)} shown · `
      : ''
  return `${shown}${loaded}${o.loadingMore ? ' · loading more…' : ''}`
}

/** "updated 12s ago" for the title bar (core's relative time). */
export function updatedNote(updatedAt: number | undefined, now: number): string {
  return updatedAt === undefined
    ? 'not loaded yet'
    : `updated ${formatRelativeTime(updatedAt, now)}`
}
