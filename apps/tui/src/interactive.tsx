/** Runs the Ink viewer in the terminal, with the terminal guarded against every way out. */
import type { JobState, Outcome } from '@jobmeta/core'
import { render } from 'ink'
import { App } from './app/App.tsx'
import { rangeOf } from './app/state.ts'
import { EXIT } from './exit-codes.ts'
import type { SortKey } from './list-query.ts'
import { osc52 } from './osc52.ts'
import type { Session } from './session.ts'
import type { Target } from './target.ts'
import { guardTerminal } from './terminal.ts'
import { createTheme } from './theme.ts'

/** What the viewer starts with. */
export interface InteractiveOptions {
  session: Session
  target: Target
  intervalMs: number
  states: JobState[]
  spider?: string
  tag?: string
  /** `--outcome`: list only jobs with these outcomes. */
  outcome?: Outcome[]
  /** `--since` / `--until` (epoch ms): JobQ's startts/endts. */
  since?: number
  until?: number
  /** `--sort`. */
  sort?: SortKey
  /** The project of a scrapinghub.yml target name (for `:` jumps to `TARGET/S/J`). */
  targetProject?: (name: string) => number | undefined
  color: boolean
}

/** Renders the App until the user quits; the terminal is restored whatever happens. */
export async function runInteractive(o: InteractiveOptions): Promise<number> {
  const restore = guardTerminal()
  try {
    const instance = render(
      <App
        client={o.session.client}
        project={o.target.project}
        {...(o.target.kind === 'job' ? { initialJob: o.target.key } : {})}
        demo={o.session.demo}
        intervalMs={o.intervalMs}
        {...(o.states.length ? { initialStates: o.states } : {})}
        {...(o.spider ? { initialSpider: o.spider } : {})}
        {...(o.tag ? { initialTag: o.tag } : {})}
        {...(o.outcome?.length ? { initialOutcome: o.outcome } : {})}
        {...(o.since !== undefined || o.until !== undefined
          ? { initialRange: rangeOf(o.since, o.until, Date.now()) }
          : {})}
        {...(o.sort ? { initialSort: o.sort } : {})}
        {...(o.targetProject ? { targetProject: o.targetProject } : {})}
        theme={createTheme(o.color)}
        copy={(text) => process.stdout.write(osc52(text))}
      />,
      { exitOnCtrlC: false, patchConsole: true },
    )
    await instance.waitUntilExit()
    return EXIT.ok
  } finally {
    restore()
  }
}
