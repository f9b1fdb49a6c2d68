/** The interactive viewer: job list, job detail (overview, stats, raw JSON), help, prompts and status. */
import {
  type Client,
  dashboardUrl,
  groupStats,
  type JobQRow,
  type JobState,
  parseKey,
  type StatGroup,
} from '@jobmeta/core'
import { Box, type Key, Text, useApp, useInput, useStdin } from 'ink'
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react'
import { jsonLines, oddValues, overviewLines } from '../detail-lines.ts'
import { explainError } from '../explain-error.ts'
import { type Line, ODD_MARK } from '../lines.ts'
import { statsLines } from '../stats-lines.ts'
import { createTheme, type Theme } from '../theme.ts'
import { DemoNotice, Footer, type Status, StatusLine, TitleBar } from './components/Chrome.tsx'
import { ErrorBoundary } from './components/ErrorBoundary.tsx'
import { useJob } from './hooks/useJob.ts'
import { type ListQuery, useJobList } from './hooks/useJobList.ts'
import { useNow } from './hooks/useNow.ts'
import { type Size, useTerminalSize } from './hooks/useTerminalSize.ts'
import { type Action, actionFor, splitInput, type ViewName } from './keys.ts'
import { clampCursor } from './scroll.ts'
import { ThemeContext } from './theme-context.ts'
import { Help } from './views/Help.tsx'
import { JobDetail, TABS, type Tab } from './views/JobDetail.tsx'
import { JobList, STATE_ORDER } from './views/JobList.tsx'

/** The smallest terminal the viewer draws in. */
export const MIN_SIZE: Size = { columns: 80, rows: 24 }

const ACTIVE_STATES: JobState[] = ['pending', 'running', 'finished']
/** Selects the first job of the list (after a filter change). */
const LIST_TOP = { listCursor: 0, listKey: undefined } as const
const NO_LINE_IDS: Record<Tab, string | undefined> = {
  overview: undefined,
  stats: undefined,
  json: undefined,
}
type PromptKind = 'filter' | 'statsFilter' | 'jump' | 'spider' | 'tag'
const PROMPT_LABELS: Record<PromptKind, string> = {
  filter: 'filter jobs: /',
  statsFilter: 'filter stats: /',
  jump: 'jump to (job key, project or URL): ',
  spider: 'spider name (Enter applies, Esc clears): ',
  tag: 'tag (Enter applies, Esc clears): ',
}

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
  /** Fixed size (tests); else the terminal's. */
  size?: Size
  theme?: Theme
  /** Puts text on the clipboard (OSC 52 in the CLI). */
  copy?: (text: string) => void
  clock?: () => number
  pageSize?: number
}

/** Everything keys change. Kept in a ref so keys arriving before the next render see the latest state. */
interface UiState {
  project: number
  states: JobState[]
  spider?: string
  tag?: string
  text: string
  listCursor: number
  /** Key of the selected job: the selection follows it when a refresh moves rows. */
  listKey?: string
  view: 'list' | 'detail'
  jobKey?: string
  tab: Tab
  cursors: Record<Tab, number>
  /** Id of the line under each tab's cursor: the cursor follows it when a refresh moves lines. */
  lineIds: Record<Tab, string | undefined>
  collapsed: ReadonlySet<string>
  statsFilter: string
  help: boolean
  prompt: { kind: PromptKind; value: string } | null
  paused: boolean
}

function matchesText(row: JobQRow, text: string): boolean {
  const tags = Array.isArray(row.tags) ? row.tags : [row.tags]
  const hay = [row.key, row.spider, row.state, row.close_reason, ...tags]
    .filter((v) => v !== undefined && v !== null)
    .map(String)
    .join(' ')
    .toLowerCase()
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w))
}

function ago(updatedAt: number | undefined, now: number): string {
  if (updatedAt === undefined) return 'not loaded yet'
  const s = Math.max(0, Math.round((now - updatedAt) / 1000))
  return s < 60 ? `updated ${s}s ago` : `updated ${Math.floor(s / 60)}m ago`
}

/** The whole interactive application. */
export function App(props: AppProps) {
  const clock = props.clock ?? Date.now
  const theme = useMemo(() => props.theme ?? createTheme(true), [props.theme])
  const { exit } = useApp()
  const { isRawModeSupported } = useStdin()
  const size = useTerminalSize(props.size)
  const now = useNow(clock)

  const uiRef = useRef<UiState>({
    project: props.project,
    states: props.initialStates ?? ACTIVE_STATES,
    ...(props.initialSpider ? { spider: props.initialSpider } : {}),
    ...(props.initialTag ? { tag: props.initialTag } : {}),
    text: '',
    listCursor: 0,
    view: props.initialJob ? 'detail' : 'list',
    ...(props.initialJob ? { jobKey: props.initialJob } : {}),
    tab: 'overview',
    cursors: { overview: 0, stats: 0, json: 0 },
    lineIds: NO_LINE_IDS,
    collapsed: new Set(),
    statsFilter: '',
    help: false,
    prompt: null,
    paused: false,
  })
  const [, rerender] = useReducer((n: number) => n + 1, 0)
  const update = useCallback((patch: Partial<UiState> | ((s: UiState) => Partial<UiState>)) => {
    const s = uiRef.current
    uiRef.current = { ...s, ...(typeof patch === 'function' ? patch(s) : patch) }
    rerender()
  }, [])
  const ui = uiRef.current

  const [flash, setFlash] = useState<string>()
  const [jumpError, setJumpError] = useState<unknown>()
  const flashTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(flashTimer.current), [])
  const say = useCallback((message: string) => {
    setFlash(message)
    clearTimeout(flashTimer.current)
    flashTimer.current = setTimeout(() => setFlash(undefined), 3000)
  }, [])

  const query = useMemo(() => {
    const q: ListQuery = {
      project: ui.project,
      states: STATE_ORDER.filter((s) => ui.states.includes(s)),
    }
    if (ui.spider) q.spider = ui.spider
    if (ui.tag) q.tag = ui.tag
    return q
  }, [ui.project, ui.states, ui.spider, ui.tag])
  const list = useJobList(props.client, query, {
    pageSize: props.pageSize ?? 200,
    intervalMs: props.intervalMs,
    paused: ui.paused || ui.view !== 'list',
    clock,
  })
  const job = useJob(props.client, ui.view === 'detail' ? ui.jobKey : undefined, {
    intervalMs: props.intervalMs,
    paused: ui.paused,
    clock,
  })

  const rows = useMemo(
    () => (ui.text ? list.rows.filter((r) => matchesText(r, ui.text)) : list.rows),
    [list.rows, ui.text],
  )
  // The selected job stays selected when a refresh adds or removes rows above it.
  const listCursorOf = (s: UiState): number => {
    const i = s.listKey === undefined ? -1 : rows.findIndex((r) => r.key === s.listKey)
    return i >= 0 ? i : clampCursor(s.listCursor, rows.length)
  }
  const cursor = listCursorOf(ui)

  // The list does not refresh while a job is open; catch up when coming back to it.
  const { refresh: refreshList } = list
  const previousView = useRef(ui.view)
  useEffect(() => {
    if (ui.view === 'list' && previousView.current === 'detail') refreshList()
    previousView.current = ui.view
  }, [ui.view, refreshList])

  const { exhausted, loadMore } = list
  useEffect(() => {
    if (ui.view === 'list' && rows.length > 0 && cursor >= rows.length - 20 && !exhausted)
      loadMore()
  }, [ui.view, cursor, rows.length, exhausted, loadMore])

  // Layout: title, [demo], view header(s), body, status, footer; one spare row so Ink never clears the screen.
  const width = size.columns
  const chromeRows = 1 + (props.demo ? 1 : 0) + (ui.view === 'detail' ? 2 : 1) + 2
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
  const detailCursorOf = (s: UiState, tab: Tab): number => {
    const lines = linesOf(tab)
    const id = s.lineIds[tab]
    const i = id === undefined ? -1 : lines.findIndex((l) => l.id === id)
    return i >= 0 ? i : clampCursor(s.cursors[tab], lines.length)
  }
  // Puts `tab`'s cursor on line `index` (of `lines`, the lines it will show) and remembers that line.
  const cursorAt = (s: UiState, tab: Tab, index: number, lines = linesOf(tab)) => ({
    cursors: { ...s.cursors, [tab]: index },
    lineIds: { ...s.lineIds, [tab]: lines[index]?.id },
  })
  const detailCursor = detailCursorOf(ui, ui.tab)

  const copy = (value: unknown, what: string) => {
    const text = typeof value === 'string' ? value : String(value)
    props.copy?.(text)
    say(`copied ${what} to the clipboard: ${text}`)
  }

  const openJob = (key: string) =>
    update({
      jobKey: key,
      view: 'detail',
      tab: 'overview',
      cursors: { overview: 0, stats: 0, json: 0 },
      lineIds: NO_LINE_IDS,
      statsFilter: '',
      collapsed: new Set(),
    })

  const commitPrompt = (kind: PromptKind, raw: string) => {
    const v = raw.trim()
    if (kind === 'jump') {
      if (!v) return
      try {
        const k = parseKey(v)
        setJumpError(undefined)
        if (k.kind === 'job') {
          update({ project: k.project })
          openJob(k.key)
        } else {
          update({ project: k.project, view: 'list', ...LIST_TOP })
          if (k.kind === 'spider')
            say(`project ${k.project} (spider ids cannot filter the list; use s)`)
        }
      } catch (err) {
        setJumpError(err)
      }
    } else if (kind === 'spider') update({ spider: v || undefined, ...LIST_TOP })
    else if (kind === 'tag') update({ tag: v || undefined, ...LIST_TOP })
  }

  const onPromptKey = (s: UiState, input: string, key: Key) => {
    const prompt = s.prompt
    if (!prompt) return
    const live = (value: string): Partial<UiState> =>
      prompt.kind === 'filter'
        ? { text: value, ...LIST_TOP }
        : prompt.kind === 'statsFilter'
          ? { statsFilter: value, ...cursorAt(s, 'stats', 0, []) }
          : {}
    if (key.escape) {
      const cleared: Partial<UiState> =
        prompt.kind === 'spider'
          ? { spider: undefined }
          : prompt.kind === 'tag'
            ? { tag: undefined }
            : {}
      update({ ...live(''), ...cleared, prompt: null })
      return
    }
    if (key.return) {
      update({ prompt: null })
      commitPrompt(prompt.kind, prompt.value)
      return
    }
    if (key.tab) {
      const first = suggestions(prompt.kind, prompt.value)[0]
      if (first) update({ prompt: { ...prompt, value: first } })
      return
    }
    let value = prompt.value
    if (key.backspace || key.delete) value = value.slice(0, -1)
    else if (key.ctrl && input === 'u') value = ''
    else if (key.ctrl && input === 'c') return exit()
    else if (!key.ctrl && !key.meta && input && !/[\x00-\x1f]/.test(input)) value += input
    else return
    update({ prompt: { ...prompt, value }, ...live(value) })
  }

  // Spider names and tags seen in the loaded rows, offered while typing a spider or tag filter.
  const suggestions = (kind: PromptKind, typed: string): string[] => {
    if (kind !== 'spider' && kind !== 'tag') return []
    const seen = new Set<string>()
    for (const r of list.rows) {
      if (kind === 'spider' && typeof r.spider === 'string') seen.add(r.spider)
      if (kind === 'tag' && Array.isArray(r.tags))
        for (const t of r.tags) if (typeof t === 'string') seen.add(t)
    }
    const t = typed.toLowerCase()
    return [...seen].filter((v) => v.toLowerCase().startsWith(t)).sort()
  }

  const move = (s: UiState, action: Action): boolean => {
    const inList = s.view === 'list'
    const total = inList ? rows.length : linesOf(s.tab).length
    const page = Math.max(1, bodyHeight - 2)
    const current = inList ? listCursorOf(s) : detailCursorOf(s, s.tab)
    const targets: Partial<Record<Action, number>> = {
      up: current - 1,
      down: current + 1,
      top: 0,
      bottom: total - 1,
      pageUp: current - page,
      pageDown: current + page,
    }
    const target = targets[action]
    if (target === undefined) return false
    const next = clampCursor(target, total)
    if (inList) update({ listCursor: next, listKey: rows[next]?.key })
    else update(cursorAt(s, s.tab, next))
    return true
  }

  const tooSmall = size.columns < MIN_SIZE.columns || size.rows < MIN_SIZE.rows

  const onKey = (input: string, key: Key) => {
    const s = uiRef.current
    // Only the too-small message is on screen: keys other than quit would act unseen.
    if (tooSmall) return actionFor('list', input, key) === 'quit' ? exit() : undefined
    if (s.prompt) return onPromptKey(s, input, key)
    // A mistyped jump is reported until the next key.
    if (jumpError !== undefined) setJumpError(undefined)
    if (s.help) return update({ help: false })
    const view: ViewName = s.view === 'list' ? 'list' : s.tab
    const action = actionFor(view, input, key)
    if (!action || move(s, action)) return
    const selected = rows[listCursorOf(s)]
    const toggle = (st: JobState) => {
      const next = s.states.includes(st) ? s.states.filter((x) => x !== st) : [...s.states, st]
      if (next.length) update({ states: next, ...LIST_TOP })
    }
    switch (action) {
      case 'quit':
        return exit()
      case 'help':
        return update({ help: true })
      case 'pause':
        update({ paused: !s.paused })
        return say(s.paused ? 'live refresh resumed' : 'live refresh paused (p to resume)')
      case 'refresh':
        setJumpError(undefined)
        if (s.view === 'list') list.refresh()
        else job.refresh()
        return say('refreshing…')
      case 'jump':
        return update({ prompt: { kind: 'jump', value: '' } })
      case 'filter':
        return update({
          prompt:
            s.view === 'list'
              ? { kind: 'filter', value: s.text }
              : { kind: 'statsFilter', value: s.statsFilter },
          ...(s.view === 'list' ? {} : { tab: 'stats' as Tab }),
        })
      case 'spiderFilter':
        return update({ prompt: { kind: 'spider', value: s.spider ?? '' } })
      case 'tagFilter':
        return update({ prompt: { kind: 'tag', value: s.tag ?? '' } })
      case 'togglePending':
        return toggle('pending')
      case 'toggleRunning':
        return toggle('running')
      case 'toggleFinished':
        return toggle('finished')
      case 'toggleDeleted':
        return toggle('deleted')
      case 'resetFilters':
        return update({
          states: ACTIVE_STATES,
          spider: undefined,
          tag: undefined,
          text: '',
          ...LIST_TOP,
        })
      case 'open':
        if (selected) openJob(selected.key)
        return
      case 'back':
        if (s.view === 'list') return update({ text: '' })
        if (s.tab === 'stats' && s.statsFilter) return update({ statsFilter: '' })
        setJumpError(undefined)
        return update({ view: 'list' })
      case 'copy': {
        if (s.view === 'list') {
          if (selected) copy(selected.key, 'job key')
        } else if (s.jobKey) {
          const line = linesOf(s.tab)[detailCursorOf(s, s.tab)]
          copy(line?.copy ?? s.jobKey, line?.copy ? 'value' : 'job key')
        }
        return
      }
      case 'copyUrl': {
        const k = s.view === 'list' ? selected?.key : s.jobKey
        if (typeof k !== 'string') return
        try {
          copy(dashboardUrl(k), 'dashboard URL')
        } catch (err) {
          setJumpError(err)
        }
        return
      }
      case 'nextTab':
      case 'prevTab': {
        const i = TABS.indexOf(s.tab) + (action === 'nextTab' ? 1 : TABS.length - 1)
        return update({ tab: TABS[i % TABS.length] as Tab })
      }
      case 'tabOverview':
        return update({ tab: 'overview' })
      case 'tabStats':
        return update({ tab: 'stats' })
      case 'tabJson':
        return update({ tab: s.tab === 'json' ? 'overview' : 'json' })
      case 'toggleGroup':
      case 'collapse':
      case 'expand': {
        const line = statLines[detailCursorOf(s, 'stats')]
        // Folding from inside a group (or from a folded group) folds the enclosing group, as in
        // file trees, and moves to its header line.
        const parent = line?.parent
        if (action === 'collapse' && parent && !(line.group && !s.collapsed.has(line.group))) {
          const header = statLines.findIndex((l) => l.group === parent)
          return update({
            collapsed: new Set(s.collapsed).add(parent),
            ...cursorAt(s, 'stats', Math.max(0, header)),
          })
        }
        if (!line?.group) return
        const g = line.group
        const next = new Set(s.collapsed)
        const shut = action === 'collapse' || (action === 'toggleGroup' && !s.collapsed.has(g))
        if (shut) next.add(g)
        else next.delete(g)
        return update({ collapsed: next })
      }
      case 'collapseAll': {
        const groups = statsTree ? allGroups(statsTree) : []
        return update({ collapsed: new Set(groups), ...cursorAt(s, 'stats', 0, []) })
      }
      case 'expandAll':
        return update({ collapsed: new Set() })
      default:
        return
    }
  }

  // Ink re-subscribes input handlers in an effect: route keys through a ref to the latest handler.
  const onKeyRef = useRef(onKey)
  onKeyRef.current = onKey
  const stableOnKey = useCallback((input: string, key: Key) => {
    for (const [i, k] of splitInput(input, key)) onKeyRef.current(i, k)
  }, [])
  useInput(stableOnKey, { isActive: isRawModeSupported === true })

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

  // Status line: prompt > error > confirmation > info.
  const error = jumpError ?? (ui.view === 'list' ? list.error : job.error)
  let status: Status
  if (ui.prompt) {
    const offered = suggestions(ui.prompt.kind, ui.prompt.value)
    const hint = offered.length
      ? `  Tab: ${offered.slice(0, 6).join(' ')}${offered.length > 6 ? ' …' : ''}`
      : ''
    status = { kind: 'prompt', label: PROMPT_LABELS[ui.prompt.kind], value: ui.prompt.value, hint }
  } else if (error !== undefined) status = { kind: 'error', ...explainError(error) }
  else if (flash) status = { kind: 'flash', text: flash }
  else if (ui.view === 'list') {
    const n = (x: number) => x.toLocaleString('en-US')
    const loaded = `${n(list.rows.length)} jobs loaded${list.exhausted ? '' : ' (more below)'}`
    const shown = ui.text ? `${n(rows.length)} match "${ui.text}" · ` : ''
    const more = list.loadingMore ? ' · loading more…' : ''
    status = { kind: 'info', text: list.loading ? 'loading jobs…' : `${shown}${loaded}${more}` }
  } else {
    const key = ui.jobKey ?? ''
    const live = meta?.state === 'running' || meta?.state === 'pending'
    let url: string
    try {
      url = dashboardUrl(key)
    } catch {
      url = key
    }
    const oddNote = odd.size ? `${ODD_MARK} ${odd.size} unexpected (see Overview) · ` : ''
    const text = !meta
      ? `loading ${key}…`
      : `${oddNote}${url}${live ? ` · ${meta.state}: refreshes by itself` : ''}`
    status = { kind: 'info', text }
  }

  const updatedAt = ui.view === 'list' ? list.updatedAt : job.updatedAt
  const finished =
    ui.view === 'detail' && meta && meta.state !== 'running' && meta.state !== 'pending'
  const liveNote = finished
    ? 'final'
    : ui.paused
      ? 'paused (p)'
      : `live every ${Number((props.intervalMs / 1000).toFixed(1))}s`
  const right = `${liveNote} · ${ago(updatedAt, now)} `
  const title =
    ui.view === 'list' ? `project ${ui.project}` : `project ${ui.project} › job ${ui.jobKey}`
  const view: ViewName = ui.view === 'list' ? 'list' : ui.tab

  return (
    <ThemeContext.Provider value={theme}>
      <Box flexDirection="column" width={width} height={size.rows - 1}>
        <TitleBar demo={props.demo} title={title} right={right} width={width} />
        {props.demo ? <DemoNotice width={width} /> : null}
        <ErrorBoundary key={`${ui.view}:${ui.tab}:${ui.jobKey}`} color={theme.color('red')}>
          {ui.help ? (
            <Help view={view} height={bodyHeight + (ui.view === 'detail' ? 2 : 1)} width={width} />
          ) : ui.view === 'list' ? (
            <JobList
              rows={rows}
              cursor={cursor}
              height={bodyHeight}
              width={width}
              now={now}
              states={ui.states}
              {...(ui.spider ? { spider: ui.spider } : {})}
              {...(ui.tag ? { tag: ui.tag } : {})}
              text={ui.text}
              loading={list.loading}
              failed={list.error !== undefined}
            />
          ) : (
            <JobDetail
              jobKey={ui.jobKey ?? ''}
              {...(meta ? { meta } : {})}
              tab={ui.tab}
              lines={detailLines}
              cursor={detailCursor}
              height={bodyHeight}
              width={width}
              statsFilter={ui.statsFilter}
              failed={job.error !== undefined}
              oddCount={odd.size}
            />
          )}
        </ErrorBoundary>
        <StatusLine status={status} width={width} />
        <Footer keys={footerKeys(view)} width={width} />
      </Box>
    </ThemeContext.Provider>
  )
}

function allGroups(root: StatGroup): string[] {
  const out: string[] = []
  const walk = (g: StatGroup) => {
    for (const c of g.groups) {
      out.push(c.prefix)
      walk(c)
    }
  }
  walk(root)
  return out
}

function footerKeys(view: ViewName): [string, string][] {
  if (view === 'list') {
    return [
      ['↑↓', 'move'],
      ['⏎', 'open'],
      ['/', 'filter'],
      ['1-4', 'states'],
      ['s', 'spider'],
      ['t', 'tag'],
      [':', 'jump'],
      ['y', 'copy'],
      ['p', 'pause'],
      ['r', 'refresh'],
      ['?', 'help'],
      ['q', 'quit'],
    ]
  }
  return [
    ['↑↓', 'move'],
    ['Tab', 'next tab'],
    ['o/s/J', 'overview/stats/JSON'],
    ...(view === 'stats'
      ? ([
          ['⏎', 'fold'],
          ['/', 'filter'],
        ] as [string, string][])
      : []),
    ['y', 'copy'],
    ['Esc', 'back'],
    ['?', 'help'],
    ['q', 'quit'],
  ]
}
