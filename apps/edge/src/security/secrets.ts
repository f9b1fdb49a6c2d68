/** Last line of defence: the forms in which a secret could leak, and their removal from outgoing text. */
import { redactSecrets } from '@jobmeta/core'

/** The raw, base64 ('KEY:' as in Basic auth, and 'KEY') and URL-encoded forms of a secret. */
export function secretForms(secret: string): string[] {
  const b64 = (s: string) => btoa(s)
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    b64(`${secret}:`),
    b64(`${secret}:`).replace(/=+$/, ''),
    b64(secret),
    b64(secret).replace(/=+$/, ''),
  ])
  return [...forms].filter((f) => f.length >= 8)
}

/** Whether text contains any of the forms. */
export function containsSecret(text: string, forms: readonly string[]): boolean {
  for (const f of forms) if (text.includes(f)) return true
  return false
}

/** Replaces every form in text with [redacted]; text without any is returned as it is. */
export function scrub(text: string, forms: readonly string[]): string {
  return containsSecret(text, forms) ? redactSecrets(text, forms, '[redacted]') : text
}
