/** Tokens Python's json module writes for non-finite floats, which JSON.parse rejects. */
const PY_TOKENS = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g

/** JSON.parse that also accepts Python's NaN / Infinity / -Infinity (kept as the strings 'NaN', 'Infinity', '-Infinity'). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error
    const fixed = text.replace(PY_TOKENS, (m) => (m.startsWith('"') ? m : `"${m}"`))
    return JSON.parse(fixed)
  }
}

/** Parse every non-empty line of a JSON-lines text. */
export function parseJsonLinesText(text: string): unknown[] {
  const out: unknown[] = []
  for (const line of text.split('\n')) {
    const t = line.trim()
    if (t !== '') out.push(parseJson(t))
  }
  return out
}

/** Thrown when the last line of a stream is not valid JSON (the body was cut short). */
export class TruncatedLineError extends Error {
  override name = 'TruncatedLineError'
}

/** Longest line parseJsonLines buffers (in UTF-16 units); a longer one is refused, not buffered without end. */
export const MAX_LINE_CHARS = 32 * 1024 * 1024

/** Thrown when a line of a stream grows past MAX_LINE_CHARS (a broken or hostile server). */
export class LineTooLongError extends Error {
  override name = 'LineTooLongError'
}

/**
 * Parse a JSON-lines byte stream incrementally: one value per line, yielded as soon as its
 * line is complete, so memory stays bounded by the longest line.
 */
export async function* parseJsonLines(
  stream: ReadableStream<Uint8Array>,
  onChunk?: () => void,
): AsyncGenerator<unknown> {
  const reader = stream.getReader()
  const decoder = new TextDecoder()
  let pending = ''
  let done = false
  try {
    while (!done) {
      const r = await reader.read()
      onChunk?.()
      let text: string
      if (r.done) {
        done = true
        text = decoder.decode()
      } else {
        text = decoder.decode(r.value, { stream: true })
      }
      let start = 0
      let nl = text.indexOf('\n')
      while (nl !== -1) {
        const line = (start === 0 ? pending + text.slice(0, nl) : text.slice(start, nl)).trim()
        if (start === 0) pending = ''
        if (line !== '') yield parseJson(line)
        start = nl + 1
        nl = text.indexOf('\n', start)
      }
      pending = start === 0 ? pending + text : text.slice(start)
      if (pending.length > MAX_LINE_CHARS) {
        throw new LineTooLongError(
          `A line of the response is longer than ${MAX_LINE_CHARS} characters: refusing to buffer it`,
        )
      }
    }
    const last = pending.trim()
    if (last !== '') {
      let value: unknown
      try {
        value = parseJson(last)
      } catch (error) {
        throw new TruncatedLineError(`Incomplete last line (${last.length} characters)`, {
          cause: error,
        })
      }
      yield value
    }
  } finally {
    // stopped early (consumer break or error): drop the rest of the body and free the connection
    if (!done) await reader.cancel().catch(() => {})
    reader.releaseLock()
  }
}
