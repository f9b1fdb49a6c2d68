import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  LineTooLongError,
  MAX_LINE_CHARS,
  parseJson,
  parseJsonLines,
  parseJsonLinesText,
  TruncatedLineError,
} from './jsonlines.ts'

function streamOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder()
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(typeof ch === 'string' ? enc.encode(ch) : ch)
      c.close()
    },
  })
}

async function collect(s: ReadableStream<Uint8Array>): Promise<unknown[]> {
  const out: unknown[] = []
  for await (const v of parseJsonLines(s)) out.push(v)
  return out
}

describe('parseJson', () => {
  it('reads Python-style JSON', () => {
    expect(parseJson('{"a": 1566311822568.0, "b": [1, 2]}')).toEqual({
      a: 1566311822568,
      b: [1, 2],
    })
    expect(parseJson('{"a": NaN, "b": -Infinity, "c": "NaN Infinity"}')).toEqual({
      a: 'NaN',
      b: '-Infinity',
      c: 'NaN Infinity',
    })
    expect(() => parseJson('{"a": ')).toThrow(SyntaxError)
  })
  it('parseJsonLinesText skips blank lines', () => {
    expect(parseJsonLinesText('{"a":1}\n\n{"a":2}\r\n')).toEqual([{ a: 1 }, { a: 2 }])
    expect(parseJsonLinesText('')).toEqual([])
  })
})

describe('parseJsonLines', () => {
  it('parses lines split across chunks, with or without a trailing newline, CRLF and UTF-8 split mid-character', async () => {
    const bytes = new TextEncoder().encode('{"s": "é€"}\n')
    expect(await collect(streamOf(['{"a"', ': 1}\n{"a": 2}', '\r\n\n{"a', '": 3}']))).toEqual([
      { a: 1 },
      { a: 2 },
      { a: 3 },
    ])
    expect(await collect(streamOf([bytes.slice(0, 8), bytes.slice(8)]))).toEqual([{ s: 'é€' }])
    expect(await collect(streamOf([]))).toEqual([])
  })
  it('reports a cut-short last line as TruncatedLineError', async () => {
    await expect(collect(streamOf(['{"a": 1}\n{"a": ']))).rejects.toBeInstanceOf(TruncatedLineError)
  })
  it('refuses a line that never ends instead of buffering it without bound', async () => {
    const mib = new TextEncoder().encode('x'.repeat(1024 * 1024))
    let sent = 0
    const endless = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('{"a": 1}\n'))
      },
      pull(c) {
        // bounded only so that the old behaviour fails instead of exhausting memory
        if (sent > 2 * MAX_LINE_CHARS) return c.close()
        sent += mib.byteLength
        c.enqueue(mib)
      },
    })
    const got: unknown[] = []
    const error = await (async () => {
      for await (const v of parseJsonLines(endless)) got.push(v)
    })().catch((e: unknown) => e)
    expect(got).toEqual([{ a: 1 }])
    expect(error).toBeInstanceOf(LineTooLongError)
    expect(sent).toBeLessThanOrEqual(MAX_LINE_CHARS + 4 * mib.byteLength) // the stream reads a little ahead
  })
  it('any chunking of any rows gives the same rows', () => {
    return fc.assert(
      fc.asyncProperty(
        fc.array(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }),
        async (rows, cuts) => {
          const text = rows.map((r) => JSON.stringify(r)).join('\n')
          const bytes = new TextEncoder().encode(text)
          const chunks: Uint8Array[] = []
          let i = 0
          let c = 0
          while (i < bytes.length) {
            const n = cuts[c++ % cuts.length]!
            chunks.push(bytes.slice(i, i + n))
            i += n
          }
          expect(await collect(streamOf(chunks))).toEqual(rows)
        },
      ),
      { numRuns: 100 },
    )
  })
})
