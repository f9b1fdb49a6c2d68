/** The interactive viewer: job list, spiders, job page (overview, stats, raw JSON), help, prompts and status. */
import {
  type Client,
  dashboardUrl,
  groupStats,
  isActiveState,
  type JobQRow,
  type JobState,
  type Outcome,
} from '@jobmeta/core'
import { Box, type Key, Text, useApp, useInput, useStdin } from 'ink'
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef } from 'react'
import { jsonLines, oddValues, overviewLines } from '../detail-lines.ts'
import { explainError } from '../explain-error.ts'
import { type Line, ODD_MARK } from '../lines.ts'
import type { SortKey } from '../list-query.ts'
import { groupPrefixes, statsLines } from '../stats-lines.ts'
import { resolveJobRef } from '../target.ts'
import { createTheme, type Theme } from '../theme.ts'
import { DemoNotice, Footer, StatusLine, TitleBar } from './components/Chrome.tsx'
import { ErrorBoundary } from './components/ErrorBoundary.tsx'
import { useJob } from './hooks/useJob.ts'
import { useJobList } from './hooks/useJobList.ts'
import { useNow } from './hooks/useNow.ts'
import { useSpiders } from './hooks/useSpiders.ts'
import { type Size, useTerminalSize } from './hooks/useTerminalSize.ts'
import { footerFor, splitInput } from './keys.ts'
import { type FirstPage, listQueryOfUi, PAGE_SIZE } from './list-read.ts'
import { groupedRows, type Shown, shownRows } from './list-view.ts'
import {
  indexOfKey,
  initialUi,
  lineCursor,
  reduce,
  suggestionsFor,
  type Tab,
  type TimeRange,
  type UiState,
  type ViewContext,
  viewOf,
} from './state.ts'
import { listInfo, statusOf, updatedNote } from './status.ts'
import { ThemeContext } from './theme-context.ts'
import { ErrorText } from './views/ErrorText.tsx'
import { Help } from './views/Help.tsx'
import { JobDetail } from './views/JobDetail.tsx'
import { JobList } from './views/JobList.tsx'
import { SpidersView } from './views/Spiders.tsx'

/** The smallest terminal the viewer draws in. */
export const MIN_SIZE: Size = { columns: 80, rows: 24 }

/** The shortest refresh interval of the spiders view. */
const SPIDERS_MIN_INTERVAL_MS = 30_000

/** Props of the viewer. */
export interface AppProps {
  client: Client
  project: number
  /** Open this job ("P/S/J") first. */
  initialJob?: string
  demo: boolean
  /** Live refresh interval. */
  intervalMs: number
  initialStates?: JobState[]
  initialSpider?: string
  initialTag?: string
  /** Outcome filter at start (`--outcome`). */
  initialOutcome?: Outcome[]
  /** Time range at start (`--since` / `--until`). */
  initialRange?: TimeRange
  /** Sort at start (`--sort`). */
  initialSort?: SortKey
  /** The project of a target name from scrapinghub.yml, for `:` jumps to `TARGET/S/J`. */
  targetProject?: (name: string) => number | undefined
  /** Fixed size (tests); else the terminal's. */
  size?: Size
  theme?: Theme
  /** Puts text on the clipboard (OSC 52 in the CLI). */
  copy?: (text: string) => void
  clock?: () => number
  pageSize?: number
  /** The list's first page, asked for before the viewer loaded (`startFirstPage`). */
  firstPage?: FirstPage
}

/** The whole interactive application. */
export function App(props: AppProps) {
  const clock = props.clock ?? Date.now
  const theme = useMemo(() => props.theme ?? createTheme(true), [props.theme])
  const { exit } = useApp()
  const { isRawModeSupported } = useStdin()
  const size = useTerminalSize(props.size)
  const now = useNow(clock)
  const [ui, dispatch] = useReducer(reduce, props, initialUi)

  const { project, states, outcome, spider, tag, range } = ui
  const query = useMemo(
    () => listQueryOfUi({ project, states, outcome, spider, tag, range }),
    [project, states, outcome, spider, tag, range],
  )
  const list = useJobList(props.client, query, {
    pageSize: props.pageSize ?? PAGE_SIZE,
    intervalMs: props.intervalMs,
    paused: ui.paused || ui.screen !== 'list',
    clock,
    ...(props.firstPage ? { first: props.firstPage } : {}),
  })
  const job = useJob(props.client, ui.screen === 'detail' ? ui.jobKey : undefined, {
    intervalMs: props.intervalMs,
    paused: ui.paused,
    clock,
  })
  // The spiders view reads 1,000 rows per refresh: at most twice a minute.
  const spidersIntervalMs = Math.max(props.intervalMs, SPIDERS_MIN_INTERVAL_MS)
  const spiders = useSpiders(props.client, ui.project, {
    active: ui.screen === 'spiders',
    intervalMs: spidersIntervalMs,
    paused: ui.paused,
    clock,
  })

  // Sorted once per load or sort change; filtering keeps that order, and moving re-does neither.
  // Only run time depends on the clock (running jobs): other sorts are not redone every second.
  const sortNow = ui.sort === 'runtime' ? now : 0
  const ordered = useMemo(
    () => groupedRows(list.rows, ui.sort, sortNow),
    [list.rows, ui.sort, sortNow],
  )
  const lastShown = useRef<Shown | undefined>(undefined)
  const rows = useMemo(() => {
    const shown = shownRows(ordered, { text: ui.text, outcome: ui.outcome }, lastShown.current)
    lastShown.current = shown
    return shown.rows
  }, [ordered, ui.text, ui.outcome])
  const rowKeys = useMemo(() => rows.map((r) => r.key), [rows])
  const cursor = indexOfKey(rowKeys, ui.listKey, ui.listCursor)
  const spiderNames = useMemo(() => spiders.rows.map((r) => r.name), [spiders.rows])
  const spiderCursor = indexOfKey(spiderNames, ui.spiderName, ui.spiderCursor)

  // The selection is a job, not a row number: once rows are there it names the job under the
  // cursor, and when that job leaves the loaded rows the job now at its place is selected. A job
  // only hidden by the text or outcome filter stays selected (it is back when the filter goes).
  const loadedKeys = useMemo(() => new Set(list.rows.map((r) => r.key)), [list.rows])
  const selectedKey = rowKeys[cursor]
  const selectionGone = ui.listKey === undefined || !loadedKeys.has(ui.listKey)
  useEffect(() => {
    if (selectionGone && selectedKey !== undefined && selectedKey !== ui.listKey)
      dispatch({ type: 'select', index: cursor, key: selectedKey, was: ui.listKey })
  }, [selectionGone, selectedKey, cursor, ui.listKey])
  const selectedSpider = spiderNames[spiderCursor]
  useEffect(() => {
    if (selectedSpider !== undefined && selectedSpider !== ui.spiderName)
      dispatch({
        type: 'selectSpider',
        index: spiderCursor,
        name: selectedSpider,
        was: ui.spiderName,
      })
  }, [selectedSpider, spiderCursor, ui.spiderName])

  // The list does not refresh while another screen shows; catch up when coming back to it.
  const { refresh: refreshList } = list
  const previousScreen = useRef(ui.screen)
  useEffect(() => {
    if (ui.screen === 'list' && previousScreen.current !== 'list') refreshList()
    previousScreen.current = ui.screen
  }, [ui.screen, refreshList])

  const { exhausted, loadMore } = list
  useEffect(() => {
    if (ui.screen === 'list' && rows.length > 0 && cursor >= rows.length - 20 && !exhausted)
      loadMore()
  }, [ui.screen, cursor, rows.length, exhausted, loadMore])

  // Layout: title, [demo], view header(s), body, status, footer; one spare row so Ink never clears the screen.
  const width = size.columns
  const chromeRows = 1 + (props.demo ? 1 : 0) + (ui.screen === 'detail' ? 2 : 1) + 2
  const bodyHeight = Math.max(1, size.rows - 1 - chromeRows)

  const meta = job.meta
  const stats = meta?.scrapystats
  const statsTree = useMemo(
    () =>
      stats && typeof stats === 'object' && !Array.isArray(stats) ? groupStats(stats) : undefined,
    [stats],
  )
  const odd = useMemo(() => (meta ? oddValues(meta) : new Map()), [meta])
  const overview = useMemo(
    () => (meta ? overviewLines(meta, now, width, odd) : []),
    [meta, now, width, odd],
  )
  const statLines = useMemo(
    () => (statsTree ? statsLines(statsTree, ui.collapsed, ui.statsFilter) : []),
    [statsTree, ui.collapsed, ui.statsFilter],
  )
  const json = useMemo(() => (meta ? jsonLines(meta) : []), [meta])
  const linesOf = (tab: Tab): Line[] =>
    tab === 'stats' ? statLines : tab === 'json' ? json : overview
  const detailLines = linesOf(ui.tab)

  const tooSmall = size.columns < MIN_SIZE.columns || size.rows < MIN_SIZE.rows
  const allRows = list.rows
  const ctx: ViewContext = {
    rowKeys,
    spiderNames,
    lines: linesOf,
    statGroups: () => (statsTree ? groupPrefixes(statsTree) : []),
    seen: (kind) => seenIn(allRows, kind),
    page: Math.max(1, bodyHeight - 2),
    tooSmall,
    now: clock(),
  }
  // Keys are read against the screen as last rendered.
  const ctxRef = useRef(ctx)
  ctxRef.current = ctx
  const onKey = useCallback(
    (input: string, key: Key) => {
      for (const [i, k] of splitInput(input, key))
        dispatch({ type: 'key', input: i, key: k, ctx: { ...ctxRef.current, now: clock() } })
    },
    [clock],
  )
  useInput(onKey, { isActive: isRawModeSupported === true })

  // What keys asked for outside the state: run after the render, then dropped from the queue.
  const copyText = props.copy
  const { client, targetProject } = props
  useLayoutEffect(() => {
    if (ui.effects.length === 0) return
    for (const e of ui.effects) {
      if (e.kind === 'quit') exit()
      else if (e.kind === 'copy') copyText?.(e.text)
      else if (e.kind === 'resolveJob') {
        const resolver = {
          targetProject: targetProject ?? (() => undefined),
          defaultProject: e.project,
        }
        resolveJobRef(e.ref, resolver, client).then(
          (k) => dispatch({ type: 'jumped', key: k.key }),
          (error: unknown) => dispatch({ type: 'jumpFailed', error }),
        )
      } else if (e.what === 'job') job.refresh()
      else if (e.what === 'spiders') spiders.refresh()
      else list.refresh()
    }
    dispatch({ type: 'effectsDone', count: ui.effects.length })
  }, [
    ui.effects,
    exit,
    copyText,
    job.refresh,
    spiders.refresh,
    list.refresh,
    client,
    targetProject,
  ])

  // A confirmation stays 3 s.
  const flashId = ui.flash?.id
  useEffect(() => {
    if (flashId === undefined) return
    const t = setTimeout(() => dispatch({ type: 'flashEnd', id: flashId }), 3000)
    return () => clearTimeout(t)
  }, [flashId])

  if (tooSmall) {
    return (
      <Box flexDirection="column">
        <Text>
          Terminal too small: {size.columns}x{size.rows}. jobmeta needs at least {MIN_SIZE.columns}x
          {MIN_SIZE.rows}.
        </Text>
        <Text>Resize the window, or press q to quit.</Text>
      </Box>
    )
  }

  const screenLoad = ui.screen === 'list' ? list : ui.screen === 'spiders' ? spiders : job
  const error = ui.error ?? screenLoad.error
  const status = statusOf({
    prompt: ui.prompt,
    offered: ui.prompt ? suggestionsFor(ui.prompt, ctx) : [],
    error,
    ...(ui.error === undefined && screenLoad.nextTryAt !== undefined
      ? { nextTryAt: screenLoad.nextTryAt }
      : {}),
    now,
    ...(ui.flash ? { flash: ui.flash.text } : {}),
    info: infoOf(ui, {
      list,
      shown: rows.length,
      spiders: spiders.rows.length,
      spidersLoading: spiders.loading,
      meta,
      oddCount: odd.size,
    }),
  })

  const finished = ui.screen === 'detail' && meta && !isActiveState(meta.state)
  const liveNote = finished
    ? 'final'
    : ui.paused
      ? 'paused (p)'
      : `live every ${Number(((ui.screen === 'spiders' ? spidersIntervalMs : props.intervalMs) / 1000).toFixed(1))}s`
  const right = `${liveNote} · ${updatedNote(screenLoad.updatedAt, now)} `
  const title =
    ui.screen === 'list'
      ? `project ${ui.project}`
      : ui.screen === 'spiders'
        ? `project ${ui.project} › spiders`
        : `project ${ui.project} › job ${ui.jobKey}`
  const view = viewOf(ui)
  const overlayHeight = bodyHeight + (ui.screen === 'detail' ? 2 : 1)

  return (
    <ThemeContext.Provider value={theme}>
      <Box flexDirection="column" width={width} height={size.rows - 1}>
        <TitleBar demo={props.demo} title={title} right={right} width={width} />
        {props.demo ? <DemoNotice width={width} /> : null}
        <ErrorBoundary key={`${ui.screen}:${ui.tab}:${ui.jobKey}`} color={theme.color('red')}>
          {ui.overlay === 'help' ? (
            <Help view={view} height={overlayHeight} width={width} />
          ) : ui.overlay === 'error' ? (
            <ErrorText
              {...fullText(error, ui.screen === 'list' ? rows[cursor] : undefined, meta)}
              height={overlayHeight}
              width={width}
            />
          ) : ui.screen === 'list' ? (
            <JobList
              rows={rows}
              cursor={cursor}
              height={bodyHeight}
              width={width}
              now={now}
              states={ui.states}
              {...(ui.spider ? { spider: ui.spider } : {})}
              {...(ui.tag ? { tag: ui.tag } : {})}
              outcome={ui.outcome}
              range={ui.range}
              {...(ui.sort ? { sort: ui.sort } : {})}
              text={ui.text}
              loading={list.loading}
              failed={list.error !== undefined}
            />
          ) : ui.screen === 'spiders' ? (
            <SpidersView
              rows={spiders.rows}
              cursor={spiderCursor}
              height={bodyHeight + 1}
              width={width}
              now={now}
              loading={spiders.loading}
              failed={spiders.error !== undefined}
            />
          ) : (
            <JobDetail
              jobKey={ui.jobKey ?? ''}
              {...(meta ? { meta } : {})}
              tab={ui.tab}
              lines={detailLines}
              cursor={lineCursor(ui, ui.tab, detailLines)}
              height={bodyHeight}
              width={width}
              statsFilter={ui.statsFilter}
              failed={job.error !== undefined}
              oddCount={odd.size}
            />
          )}
        </ErrorBoundary>
        <StatusLine status={status} width={width} />
        <Footer text={footerFor(view, width)} width={width} />
      </Box>
    </ThemeContext.Provider>
  )
}

/** Spider names or tags in the loaded rows. */
function* seenIn(rows: readonly JobQRow[], kind: 'spider' | 'tag'): Iterable<string> {
  for (const r of rows) {
    if (kind === 'spider' && typeof r.spider === 'string') yield r.spider
    if (kind === 'tag' && Array.isArray(r.tags))
      for (const t of r.tags) if (typeof t === 'string') yield t
  }
}

/** The status line's info text of the current screen. */
function infoOf(
  ui: UiState,
  o: {
    list: ReturnType<typeof useJobList>
    shown: number
    spiders: number
    spidersLoading: boolean
    meta: ReturnType<typeof useJob>['meta']
    oddCount: number
  },
): string {
  if (ui.screen === 'list')
    return listInfo({
      loading: o.list.loading,
      loaded: o.list.rows.length,
      shown: o.shown,
      exhausted: o.list.exhausted,
      loadingMore: o.list.loadingMore,
      text: ui.text,
      narrowed: ui.outcome.length > 0,
    })
  if (ui.screen === 'spiders') return o.spidersLoading ? 'loading spiders…' : `${o.spiders} spiders`
  const key = ui.jobKey ?? ''
  if (!o.meta) return `loading ${key}…`
  let url: string
  try {
    url = dashboardUrl(key)
  } catch {
    url = key
  }
  const live = isActiveState(o.meta.state)
  const oddNote = o.oddCount ? `${ODD_MARK} ${o.oddCount} unexpected (see Overview) · ` : ''
  return `${oddNote}${url}${live ? ` · ${o.meta.state}: refreshes by itself` : ''}`
}

/** What `!` shows: the current error in full, else the selected job's close reason. */
function fullText(
  error: unknown,
  row: JobQRow | undefined,
  meta: ReturnType<typeof useJob>['meta'],
): { title: string; text: string } {
  if (error !== undefined) {
    const e = explainError(error)
    const detail = error instanceof Error ? error.message : String(error)
    return { title: 'error', text: `${e.message}\n${e.hint}\n\n${detail}` }
  }
  const source = row ?? meta
  const reason = source?.close_reason
  if (source && reason !== undefined && reason !== null)
    return {
      title: `close reason of ${source.key ?? ''}`,
      text: typeof reason === 'string' ? reason : JSON.stringify(reason),
    }
  return { title: 'no error', text: 'Nothing failed here: no error and no close reason to show.' }
}
