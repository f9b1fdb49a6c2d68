/**
 * Starts the interactive viewer: asks for the list's first page, loads Ink and React meanwhile, and
 * renders once the page is there (or once waiting for it stops paying, see `FIRST_PAGE_WAIT_MS`).
 */
import type { JobState, Outcome } from '@jobmeta/core'
import type { AppProps } from './app/App.tsx'
import { startFirstPage } from './app/list-read.ts'
import { rangeOf } from './app/state.ts'
import { withoutGlobalFetch } from './ink-env.ts'
import type { SortKey } from './list-query.ts'
import { osc52 } from './osc52.ts'
import type { Session } from './session.ts'
import type { Target } from './target.ts'
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
  /** The project of a target name from scrapinghub.yml (for `:` jumps to `TARGET/S/J`). */
  targetProject?: (name: string) => number | undefined
  color: boolean
}

/** The App's props for these options. */
export function appPropsOf(o: InteractiveOptions): AppProps {
  return {
    client: o.session.client,
    project: o.target.project,
    ...(o.target.kind === 'job' ? { initialJob: o.target.key } : {}),
    demo: o.session.demo,
    intervalMs: o.intervalMs,
    ...(o.states.length ? { initialStates: o.states } : {}),
    ...(o.spider ? { initialSpider: o.spider } : {}),
    ...(o.tag ? { initialTag: o.tag } : {}),
    ...(o.outcome?.length ? { initialOutcome: o.outcome } : {}),
    ...(o.since !== undefined || o.until !== undefined
      ? { initialRange: rangeOf(o.since, o.until, Date.now()) }
      : {}),
    ...(o.sort ? { initialSort: o.sort } : {}),
    ...(o.targetProject ? { targetProject: o.targetProject } : {}),
    theme: createTheme(o.color),
    copy: (text) => process.stdout.write(osc52(text)),
  }
}

/** Runs the viewer until the user quits; resolves to the exit code. */
export async function runInteractive(o: InteractiveOptions): Promise<number> {
  const props = appPropsOf(o)
  // The request goes out first; Ink, React and yoga (about 100 ms) load while it is answered.
  const firstPage = startFirstPage(props.client, props)
  const { renderViewer } = await withoutGlobalFetch(() => import('./interactive.tsx'))
  if (!firstPage) return renderViewer(props)
  await firstPage.ready
  return renderViewer({ ...props, firstPage })
}
