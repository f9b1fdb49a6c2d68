/**
 * The status pages' only stylesheet, inlined and allowed by its hash in the page's CSP, with the
 * outcome colours of both colour schemes.
 */
import type { Outcome } from '@jobmeta/core'
import { OUTCOME_COLORS } from '../../badge/svg.ts'

/** Page background and text colours per scheme. */
export const SCHEMES = {
  light: { bg: '#ffffff', fg: '#1f2328', mute: '#59636e', line: '#d1d9e0', link: '#0969da' },
  dark: { bg: '#0d1117', fg: '#e6edf3', mute: '#9198a1', line: '#3d444d', link: '#4493f8' },
} as const

/**
 * Outcome text colours per scheme. Light uses the badge colours (each at least 4.5:1 on white);
 * dark uses lighter ones that reach 4.5:1 on the dark background (tested).
 */
export const OUTCOME_TEXT: Record<'light' | 'dark', Record<Outcome, string>> = {
  light: OUTCOME_COLORS,
  dark: {
    ok: '#3fb950',
    failed: '#ff7b72',
    cancelled: '#d29922',
    limit: '#f0883e',
    running: '#58a6ff',
    pending: '#9198a1',
    deleted: '#9198a1',
    unknown: '#9198a1',
  },
}

function vars(scheme: 'light' | 'dark'): string {
  const s = SCHEMES[scheme]
  const outcome = Object.entries(OUTCOME_TEXT[scheme])
    .map(([k, v]) => `--${k}:${v}`)
    .join(';')
  return `--bg:${s.bg};--fg:${s.fg};--mute:${s.mute};--line:${s.line};--link:${s.link};${outcome}`
}

const OUTCOME_CLASSES = Object.keys(OUTCOME_TEXT.light)
  .map((k) => `.${k}{color:var(--${k})}`)
  .join('')

/** The stylesheet (no external fonts, images or imports). */
export const CSS =
  `:root{color-scheme:light dark;${vars('light')}}` +
  `@media (prefers-color-scheme:dark){:root{${vars('dark')}}}` +
  '*{box-sizing:border-box}' +
  'body{margin:0 auto;max-width:75rem;padding:1rem;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}' +
  'a{color:var(--link)}' +
  'h1{font-size:1.35rem;margin:.25rem 0 .75rem;overflow-wrap:anywhere}' +
  'nav,footer,caption,small,.m{color:var(--mute)}' +
  'nav,footer{font-size:.875rem}' +
  '.t{overflow-x:auto}' +
  'table{border-collapse:collapse;width:100%}' +
  'caption{text-align:left;padding:.25rem 0 .5rem}' +
  'th,td{padding:.4rem .6rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:baseline}' +
  'thead th{font-size:.8rem;font-weight:600;color:var(--mute);white-space:nowrap}' +
  'tbody th{font-weight:600;max-width:22rem;overflow-wrap:anywhere}' +
  '.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}' +
  '.o{font-weight:600;white-space:nowrap}' +
  '.o small{font-weight:400}' +
  '.s{white-space:nowrap;letter-spacing:.15em}' +
  '.s i{font-style:normal}' +
  '.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}' +
  '.w{border:1px solid var(--failed);padding:.5rem .75rem;border-radius:.375rem}' +
  OUTCOME_CLASSES

/** base64 of the SHA-256 of text (for a CSP hash source). */
export async function sha256Base64(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  let bin = ''
  for (const b of new Uint8Array(digest)) bin += String.fromCharCode(b)
  return btoa(bin)
}

let csp: string | undefined
let pending: Promise<string> | undefined

/**
 * The Content-Security-Policy of a status page: nothing but the one stylesheet (by hash) and the
 * blank data: favicon; no scripts, frames, forms or base URL; sandboxed like every other answer.
 * Undefined until `loadPageCsp()` has resolved once in this isolate.
 */
export function pageCsp(): string | undefined {
  return csp
}

/** Computes the page CSP once per isolate (Web Crypto digests are asynchronous). */
export function loadPageCsp(): Promise<string> {
  pending ??= sha256Base64(CSS).then((hash) => {
    csp = `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox`
    return csp
  })
  return pending
}
