// Job tokens: what JobQ hands a running job in `auth` (a JWT in production). The emulator's
// token has the same shape, names the job in its payload and carries 16 random bytes as its
// signature; the emulator only compares it with the stored `auth`, it never verifies it.

function base64url(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

const HEADER = base64url(new TextEncoder().encode('{"alg":"HS256","typ":"JWT"}'))

/** A fresh, unguessable job token for "P/S/J", shaped like a JWT. */
export function jobToken(key: string): string {
  const payload = base64url(new TextEncoder().encode(JSON.stringify({ jobkey: key })))
  const signature = base64url(crypto.getRandomValues(new Uint8Array(16)))
  return `${HEADER}.${payload}.${signature}`
}

/** `bytes` random bytes as lowercase hex (worker names and the like). */
export function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('')
}
