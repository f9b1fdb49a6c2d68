/** The one-line prompt (job filter, stats filter, jump, spider, tag): editing as pure functions. */
import type { Key } from 'ink'

/** What a prompt asks for. */
export type PromptKind = 'filter' | 'statsFilter' | 'jump' | 'spider' | 'tag'

/** An open prompt and what has been typed so far. */
export interface Prompt {
  kind: PromptKind
  value: string
}

/** The label shown before the typed text. */
export const PROMPT_LABELS: Record<PromptKind, string> = {
  filter: 'filter jobs: /',
  statsFilter: 'filter stats: /',
  jump: 'jump to (job key, project or URL): ',
  spider: 'spider name (Enter applies, Esc clears): ',
  tag: 'tag (Enter applies, Esc clears): ',
}

/** What one key does to a prompt. */
export type PromptEdit =
  | { kind: 'edit'; value: string }
  | { kind: 'commit'; value: string }
  | { kind: 'cancel' }
  | { kind: 'complete' }
  | { kind: 'quit' }
  | { kind: 'ignore' }

/** The effect of key `input`/`key` on prompt text `value`. */
export function editPrompt(value: string, input: string, key: Key): PromptEdit {
  if (key.escape) return { kind: 'cancel' }
  if (key.return) return { kind: 'commit', value: value.trim() }
  if (key.tab) return { kind: 'complete' }
  if (key.backspace || key.delete) return { kind: 'edit', value: value.slice(0, -1) }
  if (key.ctrl && input === 'u') return { kind: 'edit', value: '' }
  if (key.ctrl && input === 'c') return { kind: 'quit' }
  if (!key.ctrl && !key.meta && input && !/[\x00-\x1f\x7f]/.test(input))
    return { kind: 'edit', value: value + input }
  return { kind: 'ignore' }
}

/** Values seen in `candidates` starting with `typed` (case-insensitive), sorted. */
export function completions(candidates: Iterable<string>, typed: string): string[] {
  const t = typed.toLowerCase()
  return [...new Set(candidates)].filter((v) => v.toLowerCase().startsWith(t)).sort()
}

/** The status-line hint listing the first completions. */
export function completionHint(offered: readonly string[]): string {
  if (offered.length === 0) return ''
  return `  Tab: ${offered.slice(0, 6).join(' ')}${offered.length > 6 ? ' …' : ''}`
}
