// The part of the pool's `cloudflare:test` module these tests use (the full types need workers-types globals).
declare module 'cloudflare:test' {
  export const env: Record<string, string> & {
    TEST_RATE_LIMITER: { limit(o: { key: string }): Promise<{ success: boolean }> }
  }
  export const SELF: { fetch(input: string | Request, init?: RequestInit): Promise<Response> }
}
