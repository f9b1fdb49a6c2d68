/** Renders the Ink viewer in the terminal, with the terminal guarded against every way out. */
import { render } from 'ink'
import { App, type AppProps } from './app/App.tsx'
import { EXIT } from './exit-codes.ts'
import { guardTerminal } from './terminal.ts'

/** Renders the App until the user quits; the terminal is restored whatever happens. */
export async function renderViewer(props: AppProps): Promise<number> {
  const restore = guardTerminal()
  try {
    // Ink draws at most 30 frames a second by default, so a key pressed within 33 ms of the last
    // frame waited for the next one; a frame now costs a few ms (bench/render.tsx), so allow 60.
    const instance = render(<App {...props} />, {
      exitOnCtrlC: false,
      patchConsole: true,
      maxFps: 60,
    })
    await instance.waitUntilExit()
    return EXIT.ok
  } finally {
    restore()
  }
}
