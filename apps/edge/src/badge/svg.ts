/** Status badges: an SVG image and the shields.io endpoint JSON, coloured by job outcome. */
import { formatNumber, OUTCOMES, type Outcome } from '@jobmeta/core'

/** What a badge says. */
export interface Badge {
  label: string
  message: string
  /** background of the message half, #rrggbb */
  color: string
}

/**
 * Colours by outcome. Each carries white text at a contrast ratio of at least 4.5:1, and the
 * badge draws its own backgrounds, so it reads the same on light and dark pages.
 */
export const OUTCOME_COLORS: Readonly<Record<Outcome, string>> = {
  ok: '#1a7f37',
  failed: '#cf222e',
  cancelled: '#9a6700',
  limit: '#bc4c00',
  running: '#0969da',
  pending: '#6e7781',
  deleted: '#57606a',
  unknown: '#57606a',
}

const LABEL_COLOR = '#3d444d'

/** The badge of a public job document; `label` overrides the spider name. */
export function badgeFor(job: Record<string, unknown>, label?: string): Badge {
  const outcome = OUTCOMES.find((o) => o === job.outcome) ?? 'unknown'
  const state = typeof job.state === 'string' ? job.state : undefined
  const reason = typeof job.close_reason === 'string' ? job.close_reason : undefined
  const items = typeof job.items === 'number' ? job.items : undefined
  let message = state ?? outcome
  if (state === 'finished') message = reason ?? 'finished'
  if ((state === 'finished' || state === 'running') && items !== undefined) {
    message += ` · ${formatNumber(items)} item${items === 1 ? '' : 's'}`
  }
  const spider = typeof job.spider === 'string' ? job.spider : `job ${String(job.key ?? '')}`
  return {
    label: label ?? spider,
    message,
    color: OUTCOME_COLORS[outcome],
  }
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  )
}

// Drops characters XML 1.0 cannot carry at all (escaping cannot save them): C0 controls but tab
// and newlines, U+FFFE/U+FFFF and surrogates that are not part of a pair (emoji are pairs: kept).
function xmlSafe(s: string): string {
  return s.replace(
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '',
  )
}

/** The first `n` code points of `s` (slicing code units could split an emoji's surrogate pair). */
function head(s: string, n: number): string {
  let end = 0
  let count = 0
  for (const ch of s) {
    if (count++ === n) return s.slice(0, end)
    end += ch.length
  }
  return s
}

/** Approximate rendered width in px of text in 11px Verdana. */
export function textWidth(s: string): number {
  let w = 0
  for (const ch of s) {
    if (/[ilj.,:;|!'`]/.test(ch)) w += 3.6
    else if (/[mwMW@%]/.test(ch)) w += 10.5
    else if (/[A-Z0-9#&]/.test(ch)) w += 7.6
    else if (ch.charCodeAt(0) > 0x2e80) w += 11
    else w += 6.6
  }
  return Math.ceil(w)
}

/** Renders a flat badge as SVG (text XML-escaped, lengths bounded). */
export function renderSvg(b: Badge): string {
  const label = head(xmlSafe(b.label), 60)
  const message = head(xmlSafe(b.message), 80)
  const lw = textWidth(label) + 12
  const mw = textWidth(message) + 12
  const w = lw + mw
  const el = escapeXml(label)
  const em = escapeXml(message)
  const color = /^#[0-9a-f]{6}$/i.test(b.color) ? b.color : OUTCOME_COLORS.unknown
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${el}: ${em}">` +
    `<title>${el}: ${em}</title>` +
    `<clipPath id="r"><rect width="${w}" height="20" rx="3"/></clipPath>` +
    `<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="${LABEL_COLOR}"/>` +
    `<rect x="${lw}" width="${mw}" height="20" fill="${color}"/></g>` +
    `<rect width="${w - 1}" height="19" x=".5" y=".5" rx="2.5" fill="none" stroke="#000" stroke-opacity=".25"/>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">` +
    `<text x="${lw / 2}" y="14" textLength="${lw - 12}">${el}</text>` +
    `<text x="${lw + mw / 2}" y="14" textLength="${mw - 12}">${em}</text></g></svg>`
  )
}

/** The shields.io endpoint document (https://shields.io/badges/endpoint-badge). */
export function shieldsJson(b: Badge, cacheSeconds: number): Record<string, unknown> {
  return {
    schemaVersion: 1,
    label: head(b.label, 60),
    message: head(b.message, 80),
    color: b.color.replace('#', ''),
    labelColor: LABEL_COLOR.replace('#', ''),
    cacheSeconds: Math.max(300, cacheSeconds),
  }
}
