/** Strong ETags from a fast synchronous 53-bit hash, and If-None-Match matching. */

/** cyrb53: a fast, well-mixed 53-bit string hash (not cryptographic; ETags only need change detection). */
function hash53(s: string): number {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

/** The strong ETag of a representation. */
export function etagOf(body: string): string {
  return `"${hash53(body).toString(36)}-${body.length.toString(36)}"`
}

/** Whether an If-None-Match header matches the ETag (weak comparison, as RFC 9110 asks for GET). */
export function ifNoneMatch(header: string | undefined | null, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  const bare = etag.replace(/^W\//, '')
  for (const part of header.split(',')) {
    if (part.trim().replace(/^W\//, '') === bare) return true
  }
  return false
}
