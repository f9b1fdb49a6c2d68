/** Environment tweaks that must happen before Ink is loaded. */

/** The variables Ink's `is-in-ci` check reads (set and not "0"/"false" means CI). */
export const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const

/**
 * Removes the CI variables from `env` so that Ink, loaded afterwards, renders every frame.
 * Ink decides once, when its module is first evaluated, that a set CI variable means "no live
 * terminal" and then prints only the last frame on exit: the viewer would show a blank screen in
 * a developer's shell that happens to export CI. Call it only on the interactive path, where
 * stdin and stdout are known to be TTYs.
 */
export function allowInkLiveRendering(env: Record<string, string | undefined>): void {
  for (const name of CI_VARIABLES) delete env[name]
}

/**
 * Runs `load` (the viewer's import) with the global fetch hidden, then puts it back, whatever
 * happens. yoga-layout, Ink's layout engine, fetches its WebAssembly from a data: URL whenever a
 * global fetch exists, which on Node loads undici and decodes the base64 through it (about 20 ms
 * of the viewer's start); without one it decodes the same bytes itself. Whatever runs meanwhile
 * must not use the global fetch: the viewer's first read (running meanwhile) goes through the
 * session's client, which has its own (`createNodeFetch`), and so does the demo emulator's server.
 */
export async function withoutGlobalFetch<T>(load: () => Promise<T>): Promise<T> {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch')
  if (!descriptor?.configurable) return load()
  delete (globalThis as { fetch?: unknown }).fetch
  try {
    return await load()
  } finally {
    Object.defineProperty(globalThis, 'fetch', descriptor)
  }
}
