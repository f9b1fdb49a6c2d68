// Property tests: whatever a job's metadata holds, its badge is well-formed XML with every text
// escaped, and its shields.io JSON parses back to the same label and message.
import { KNOWN_FIELD_NAMES } from '@jobmeta/core'
import { HOSTILE_TEXT } from '@jobmeta/emulator'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PUBLIC_FIELDS } from '../config.ts'
import { publicJob } from '../security/public-fields.ts'
import { badgeFor, renderSvg, shieldsJson } from './svg.ts'

/** Characters XML 1.0 allows. */
const XML_CHARS = /^[\t\n\r\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u
const ENTITY = /&(?:amp|lt|gt|quot|apos);/g
const decodeEntities = (s: string) =>
  s.replace(
    ENTITY,
    (e) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" })[e] ?? e,
  )

/**
 * Checks an SVG document is well-formed: legal characters only, tags balanced, attribute values
 * quoted, and no raw `<` or `&` (other than an entity) in text or attributes. Returns the text of
 * each <title> and <text> element, entities decoded.
 */
function wellFormedText(svg: string): string[] {
  expect(svg).toMatch(XML_CHARS)
  const stack: string[] = []
  const texts: string[] = []
  let current: string | undefined
  const token = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy
  let consumed = 0
  for (const m of svg.matchAll(token)) {
    consumed += m[0].length
    const [, closing, name, attrs, selfClosing, content] = m
    if (content !== undefined) {
      expect(content.replace(ENTITY, '')).not.toMatch(/[&<>]/)
      if (current !== undefined) current += decodeEntities(content)
      continue
    }
    for (const attr of (attrs ?? '').matchAll(/"([^"]*)"/g))
      expect((attr[1] ?? '').replace(ENTITY, '')).not.toMatch(/[&<]/)
    if (closing) {
      expect(stack.pop()).toBe(name)
      if ((name === 'title' || name === 'text') && current !== undefined) texts.push(current)
      current = undefined
    } else if (!selfClosing) {
      stack.push(name ?? '')
      current = name === 'title' || name === 'text' ? '' : undefined
    }
  }
  expect(consumed).toBe(svg.length)
  expect(stack).toEqual([])
  return texts
}

const text = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXT),
  fc.string({ unit: 'binary', maxLength: 90 }),
)
const value = fc.oneof(
  text,
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(text, text, { maxKeys: 3 }),
  fc.constantFrom('finished', 'running', 'pending', 'deleted', 'closespider_timeout'),
)
const metadata = fc
  .tuple(
    fc.record(Object.fromEntries(KNOWN_FIELD_NAMES.map((n) => [n, value])), { requiredKeys: [] }),
    fc.dictionary(text, value, { maxKeys: 3 }),
  )
  .map(([known, custom]) => ({ ...custom, ...known }) as Record<string, unknown>)
const ids = { project: 1, spider: 2, job: 3, key: '1/2/3' }

describe('badges of arbitrary metadata', () => {
  it('SVG is well-formed, its text escaped and readable; JSON round-trips', () => {
    fc.assert(
      fc.property(metadata, fc.option(text, { nil: undefined }), (meta, label) => {
        const job = publicJob(meta, ids, DEFAULT_PUBLIC_FIELDS)
        expect(JSON.parse(JSON.stringify(job))).toEqual(JSON.parse(JSON.stringify(job)))
        const badge = badgeFor(job, label)
        const svg = renderSvg(badge)
        const texts = wellFormedText(svg)
        // <title> and the two <text> nodes: label and message, escaped and given back whole
        expect(texts).toHaveLength(3)
        expect(texts[0]).toBe(`${texts[1]}: ${texts[2]}`)
        const legal = (s: string, n: number) =>
          Array.from(s)
            .filter((ch) => XML_CHARS.test(ch))
            .slice(0, n)
            .join('')
        expect(texts[1]).toBe(legal(badge.label, 60))
        expect(texts[2]).toBe(legal(badge.message, 80))
        const json = JSON.stringify(shieldsJson(badge, 60))
        const back = JSON.parse(json)
        expect(back.label).toBe(Array.from(badge.label).slice(0, 60).join(''))
        expect(back.message).toBe(Array.from(badge.message).slice(0, 80).join(''))
      }),
      { numRuns: 400 },
    )
  })

  it('keeps emoji and CJK whole, even where the text is cut', () => {
    const svg = renderSvg({ label: `${'🕷️'.repeat(40)}`, message: '爬虫 ok', color: '#1a7f37' })
    const texts = wellFormedText(svg)
    expect(texts[1]).toBe('🕷️'.repeat(30))
    expect(texts[2]).toBe('爬虫 ok')
    const json = shieldsJson({ label: '👩‍💻'.repeat(30), message: 'm', color: '#1a7f37' }, 0)
    expect(json.label).toMatch(/^(?:👩‍💻)+$/u)
  })
})
