import type { Define } from '../context.ts'

/** Registers `/system/ts`: the server clock in epoch ms (the Python client asks it without a key). */
export function systemRoutes(define: Define): void {
  define(
    'GET',
    '/system/ts',
    (rc) =>
      new Response(String(rc.deps.now()), {
        status: 200,
        headers: { 'Content-Type': 'application/json; charset=UTF-8' },
      }),
    'none',
  )
}
