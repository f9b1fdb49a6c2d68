import { describe, expect, it } from 'vitest'
import {
  BadRequestError,
  errorFromResponse,
  ForbiddenError,
  JobmetaError,
  JobNotFoundError,
  messageFromBody,
  NotFoundError,
  RateLimitedError,
  redactSecrets,
  redactUrl,
  ServerError,
  UnauthorizedError,
  ValueTooLargeError,
} from './errors.ts'

const KEY = '0123456789abcdef0123456789abcdef'

describe('messageFromBody', () => {
  it('takes JSON message, HTML title or h1, or text', () => {
    expect(
      messageFromBody('{"error": "Unauthorized", "message": "Bad key"}', 'application/json'),
    ).toBe('Bad key')
    expect(
      messageFromBody(
        '<html><body><h1>503 Service Unavailable</h1>\nNo server is available</body></html>',
        'text/html',
      ),
    ).toBe('503 Service Unavailable')
    expect(
      messageFromBody(
        '<html><head><title>Gateway &amp; Timeout</title></head><body>x</body></html>',
      ),
    ).toBe('Gateway & Timeout')
    expect(messageFromBody('Unauthorized\n', 'text/plain')).toBe('Unauthorized')
    expect(messageFromBody('   ')).toBe('')
    expect(messageFromBody('x'.repeat(1000)).length).toBeLessThan(310)
  })
})

describe('redaction', () => {
  it('removes the apikey query parameter and user info from URLs', () => {
    expect(redactUrl(`https://h/jobs/1/2/3?apikey=${KEY}&a=1`)).toBe(
      'https://h/jobs/1/2/3?apikey=REDACTED&a=1',
    )
    expect(redactUrl(`https://${KEY}:@h/x`)).toBe('https://h/x')
    expect(redactUrl(`not a url ?apikey=${KEY}`)).not.toContain(KEY)
    expect(redactUrl(`not a url ?apikey=${KEY} and more`)).toBe(
      'not a url ?apikey=REDACTED and more',
    )
    expect(
      redactUrl(`cannot use http://${KEY}@h:1/x or HTTPS://u:${KEY}@h/?apikey=${KEY}#f either`),
    ).toBe('cannot use http://h:1/x or HTTPS://h/?apikey=REDACTED#f either')
    expect(redactSecrets(`echo ${KEY} back`, [KEY])).toBe('echo REDACTED back')
  })
})

describe('errorFromResponse', () => {
  const make = (
    status: number,
    body = '',
    contentType = 'text/plain',
    retryAfter: string | null = null,
  ) =>
    errorFromResponse({
      status,
      body,
      contentType,
      retryAfter,
      url: `https://h/jobs/1/2/3?apikey=${KEY}`,
      secrets: [KEY],
    })

  it.each([
    [400, BadRequestError],
    [401, UnauthorizedError],
    [403, ForbiddenError],
    [404, NotFoundError],
    [413, ValueTooLargeError],
    [429, RateLimitedError],
    [500, ServerError],
    [503, ServerError],
  ])('%d -> %o', (status, cls) => {
    const e = make(status, 'oops')
    expect(e).toBeInstanceOf(cls)
    expect(e).toBeInstanceOf(JobmetaError)
    expect(e.status).toBe(status)
    expect(e.message).toContain('oops')
  })
  it('other 4xx are plain JobmetaError; JobNotFound is a NotFound', () => {
    const e = make(418)
    expect(e.constructor).toBe(JobmetaError)
    expect(new JobNotFoundError('x')).toBeInstanceOf(NotFoundError)
  })
  it('never carries the key in message, url or body', () => {
    const e = make(401, `{"message": "key ${KEY} is wrong"}`, 'application/json')
    for (const s of [e.message, e.url, e.body]) expect(s).not.toContain(KEY)
    expect(e.url).toContain('apikey=REDACTED')
    expect(e.message).toContain('key REDACTED is wrong')
  })
  it('keeps Retry-After on 429 and 503', () => {
    expect((make(429, '', '', '7') as RateLimitedError).retryAfterMs).toBe(7000)
    expect((make(503, '<h1>x</h1>', 'text/html', '1') as ServerError).retryAfterMs).toBe(1000)
  })
})
