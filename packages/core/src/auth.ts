import { JobmetaError } from './errors.ts'

/** Credentials found in an environment: an API key, or a job token. */
export type EnvCredentials = { apikey: string } | { jobAuth: string }

/**
 * Read credentials from an environment object, in python-scrapinghub's order: SH_APIKEY,
 * SHUB_APIKEY, then SHUB_JOBAUTH. Pass the environment explicitly (e.g. `process.env`, a Worker's
 * `env`); nothing is read from globals.
 */
export function credentialsFromEnv(
  env: Record<string, string | undefined>,
): EnvCredentials | undefined {
  const pick = (name: string): string | undefined => {
    const v = env?.[name]?.trim()
    return v ? v : undefined
  }
  const apikey = pick('SH_APIKEY') ?? pick('SHUB_APIKEY')
  if (apikey) return { apikey }
  const jobAuth = pick('SHUB_JOBAUTH')
  return jobAuth ? { jobAuth } : undefined
}

/** Decode a job token: hex of "P/S/J:<jwt>" (SHUB_JOBAUTH) or the plain "P/S/J:<jwt>". */
export function decodeJobAuth(jobAuth: string): { user: string; password: string } {
  let text = jobAuth.trim()
  if (/^([0-9a-f]{2})+$/i.test(text)) {
    const bytes = new Uint8Array(text.length / 2)
    for (let i = 0; i < bytes.length; i++)
      bytes[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16)
    text = new TextDecoder().decode(bytes)
  }
  const m = /^(\d+\/\d+\/\d+):(.+)$/s.exec(text)
  if (!m)
    throw new JobmetaError(
      'Invalid jobAuth: expected "P/S/J:<jwt>" or its hex encoding (SHUB_JOBAUTH)',
    )
  return { user: m[1]!, password: m[2]! }
}

/** An HTTP Basic Authorization header value (UTF-8 safe). */
export function basicAuth(user: string, password: string): string {
  return `Basic ${base64(`${user}:${password}`)}`
}

/** base64 of UTF-8 text. */
function base64(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return btoa(bin)
}

/**
 * The forms in which a secret can leak into a text, longest first, to find or remove it: as is,
 * URL-encoded, and base64 with and without padding, of the secret and of the HTTP Basic text
 * `user:secret` (`secret:` for an API key, whose Basic password is empty). Forms shorter than 4
 * characters are left out (they would match everywhere).
 */
export function secretForms(secret: string, basicUser?: string): string[] {
  const basic = basicUser === undefined ? `${secret}:` : `${basicUser}:${secret}`
  const forms = new Set<string>([secret, encodeURIComponent(secret)])
  for (const text of [basic, secret]) {
    const b64 = base64(text)
    forms.add(b64)
    forms.add(b64.replace(/=+$/, ''))
  }
  return [...forms].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length)
}
