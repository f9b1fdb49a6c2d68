/** Renders the Ink viewer in the terminal, with the terminal guarded against every way out. */
import { render } from 'ink'
import { App, type AppProps } from './app/App.tsx'
import { EXIT } from './exit-codes.ts'
import { guardTerminal } from './terminal.ts'

/** Renders the App until the user quits; the terminal is restored whatever happens. */
export async function renderViewer(props: AppProps): Promise<number> {
  const restore = guardTerminal()
  try {
    const instance = render(<App {...props} />, { exitOnCtrlC: false, patchConsole: true })
    await instance.waitUntilExit()
    return EXIT.ok
  } finally {
    restore()
  }
}
