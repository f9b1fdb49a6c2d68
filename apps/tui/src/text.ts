/**
 * Terminal text: the one sanitiser every server-provided string passes before it reaches the
 * terminal (viewer and get/ls/watch). Display widths are in text-width.ts (they load string-width,
 * which only tables and the viewer need).
 *
 * Spider code sets names, tags, close reasons, args and stats: any of them may hold escape
 * sequences (OSC 52 rewrites the clipboard, CSI 2J clears the screen, SGR shifts a table's colours),
 * C1 controls (U+009B is a one-character CSI for some terminals), DEL, or bidi overrides that make
 * text read backwards. They are shown visibly and never emitted: C0 controls and DEL as their
 * Unicode control pictures (ESC as `␛`, newline as `␊`), C1 controls, bidi controls, line
 * separators and lone surrogates as `\x9b` / `\u202e` escapes.
 */
// C0, DEL, C1, ALM, LRM/RLM, line/paragraph separators, bidi embeddings/overrides (U+202A-202E)
// and isolates (U+2066-2069), and surrogates that are not part of a pair.
const UNSAFE =
  /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
// The same, but newline and tab pass (whole outputs made of lines).
const UNSAFE_IN_BLOCK =
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/

/** True when `s` is printable ASCII only (nothing to sanitise, one column per character). */
export function isPrintableAscii(s: string): boolean {
  return PRINTABLE_ASCII.test(s)
}

/** How one unsafe character is shown: `␛` for ESC (control pictures for C0 and DEL), `\x9b`, `\u202e`. */
export function visibleControl(ch: string): string {
  const c = ch.charCodeAt(0)
  if (c < 0x20) return String.fromCharCode(0x2400 + c)
  if (c === 0x7f) return '\u2421'
  const hex = c.toString(16)
  return c < 0x100 ? `\\x${hex}` : `\\u${hex.padStart(4, '0')}`
}

/** One line of terminal-safe text: every control, escape, bidi and separator character made visible. */
export function safeText(s: string): string {
  if (PRINTABLE_ASCII.test(s)) return s
  return s.replace(UNSAFE, visibleControl)
}

/** Like safeText, for a whole output made of lines: newline and tab are kept. */
export function safeBlock(s: string): string {
  if (PRINTABLE_ASCII.test(s)) return s
  return s.replace(UNSAFE_IN_BLOCK, visibleControl)
}

/** Any value as one line of safe text: strings as they are, other values as JSON. */
export function safeValue(v: unknown): string {
  if (typeof v === 'string') return safeText(v)
  if (v === undefined) return ''
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  try {
    return safeText(JSON.stringify(v) ?? String(v))
  } catch {
    // cycles, or nesting deeper than the stack
    return safeText(String(v))
  }
}

// Characters other than those that a terminal draws: JSON escapes them where they are not plain.
const JSON_UNSAFE = /[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g

/**
 * JSON text for a terminal: JSON.stringify escapes C0 controls and lone surrogates; this also
 * escapes DEL, C1, bidi controls and line separators as \uXXXX. Same values for every JSON parser.
 */
export function terminalJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    JSON_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}
