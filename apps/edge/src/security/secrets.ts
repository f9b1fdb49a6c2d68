/** Last line of defence: finding and removing the forms of the key (core's secretForms) in outgoing text. */
import { redactSecrets } from '@jobmeta/core'

/** Whether text contains any of the forms. */
export function containsSecret(text: string, forms: readonly string[]): boolean {
  for (const f of forms) if (text.includes(f)) return true
  return false
}

/** Replaces every form in text with [redacted]; text without any is returned as it is. */
export function scrub(text: string, forms: readonly string[]): string {
  return containsSecret(text, forms) ? redactSecrets(text, forms, '[redacted]') : text
}
