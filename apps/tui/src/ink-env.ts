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
