/**
 * The viewer's UI state as a pure reducer (`state + event → state`): every key goes through
 * `reduce`; what a key does outside the state (quit, copy, refresh) is queued as an `Effect`
 * that the App runs after the render.
 */
import {
  dashboardUrl,
  formatRelativeTime,
  JOB_STATES,
  type JobState,
  LISTED_STATES,
  type Outcome,
  parseJobKey,
  parseKey,
} from '@jobmeta/core'
import type { Key } from 'ink'
import type { Line } from '../lines.ts'
import { SORT_KEYS, type SortKey } from '../list-query.ts'
import { type JobRef, tryJobRef } from '../target.ts'
import { type Action, actionFor, type ViewName } from './keys.ts'
import { completions, editPrompt, type Prompt, type PromptKind } from './prompt.ts'
import { clampCursor } from './scroll.ts'

/** The tabs of the job page. */
export const TABS = ['overview', 'stats', 'json'] as const
/** One tab of the job page. */
export type Tab = (typeof TABS)[number]

/** Which screen is showing. */
export type Screen = 'list' | 'spiders' | 'detail'

/** The outcome filters `o` cycles through (empty: any outcome). */
export const OUTCOME_CYCLE: readonly (readonly Outcome[])[] = [
  [],
  ['failed'],
  ['ok'],
  ['cancelled'],
  ['limit'],
]

/** The sorts `S` cycles through: JobQ's order (newest first), then core's sort keys. */
export const SORT_CYCLE: readonly (SortKey | undefined)[] = [undefined, ...SORT_KEYS]

/** How a sort is named on screen. */
export function sortLabel(sort: SortKey | undefined): string {
  return sort === undefined ? 'newest' : sort === 'runtime' ? 'run time' : sort
}

/** A time range of the list: a label and JobQ's startts/endts bounds (epoch ms). */
export interface TimeRange {
  label: string
  since?: number
  until?: number
}

/** The range of `--since`/`--until` epochs, labelled relative to `now` ("since 1d ago"). */
export function rangeOf(
  since: number | undefined,
  until: number | undefined,
  now: number,
): TimeRange {
  const parts: string[] = []
  if (since !== undefined) parts.push(`since ${formatRelativeTime(since, now)}`)
  if (until !== undefined) parts.push(`until ${formatRelativeTime(until, now)}`)
  return {
    label: parts.length ? parts.join(' ') : 'all',
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
  }
}

/** The ranges `t` cycles through, as durations back from now. */
export const RANGE_CYCLE: readonly { label: string; ms?: number }[] = [
  { label: 'all' },
  { label: '1h', ms: 3_600_000 },
  { label: '24h', ms: 86_400_000 },
  { label: '7d', ms: 7 * 86_400_000 },
]

/** Something a key asks for outside the UI state, run by the App after the render. */
export type Effect =
  | { kind: 'quit' }
  | { kind: 'copy'; text: string; what: string }
  | { kind: 'refresh'; what: 'list' | 'job' | 'spiders' }
  /** A jump to a spider name (`SPIDER/J`) or a named target (`TARGET/S/J`): the server or the configuration resolves it. */
  | { kind: 'resolveJob'; ref: JobRef; project: number }

/** An overlay drawn over the body. */
export type Overlay = 'help' | 'error' | null

/** Everything keys change. */
export interface UiState {
  project: number
  states: readonly JobState[]
  spider?: string
  tag?: string
  text: string
  outcome: readonly Outcome[]
  range: TimeRange
  /** Undefined: JobQ's order (newest state change first). */
  sort?: SortKey
  screen: Screen
  /** Index of the selected row, used when its job leaves the list. */
  listCursor: number
  /** Key of the selected job: the selection follows it wherever the list moves it. */
  listKey?: string
  spiderCursor: number
  spiderName?: string
  jobKey?: string
  tab: Tab
  cursors: Record<Tab, number>
  /** Id of the line under each tab's cursor: the cursor follows it when a refresh moves lines. */
  lineIds: Record<Tab, string | undefined>
  collapsed: ReadonlySet<string>
  statsFilter: string
  overlay: Overlay
  prompt: Prompt | null
  paused: boolean
  /** A confirmation on the status line; `id` lets its timer clear only itself. */
  flash?: { text: string; id: number }
  /** The id of the last flash. */
  flashSeq: number
  /** A bad jump or URL: shown until the next key. */
  error?: unknown
  effects: readonly Effect[]
}

/** What the reducer needs to know about the screen as last rendered. */
export interface ViewContext {
  /** The job keys of the list in display order. */
  rowKeys: readonly string[]
  /** The spiders view's names in display order. */
  spiderNames: readonly string[]
  /** Lines of each job-page tab. */
  lines: (tab: Tab) => readonly Line[]
  /** Every stats group prefix (for "fold all"). */
  statGroups: () => readonly string[]
  /** Spider names and tags seen, offered while typing those prompts. */
  seen: (kind: 'spider' | 'tag') => Iterable<string>
  /** Rows a page key moves. */
  page: number
  /** The terminal is below the minimum size: only quit works. */
  tooSmall: boolean
  now: number
}

/** Events the reducer handles. */
export type UiEvent =
  | { type: 'key'; input: string; key: Key; ctx: ViewContext }
  /** The rendered list shows job `key` at the cursor where the state had `was` selected. */
  | { type: 'select'; index: number; key: string; was: string | undefined }
  | { type: 'selectSpider'; index: number; name: string; was: string | undefined }
  | { type: 'flashEnd'; id: number }
  | { type: 'effectsDone'; count: number }
  /** A jump's job, resolved (`resolveJob`), opens; or its error is reported. */
  | { type: 'jumped'; key: string }
  | { type: 'jumpFailed'; error: unknown }

/** What the viewer starts with. */
export interface InitialUi {
  project: number
  initialJob?: string
  initialStates?: readonly JobState[]
  initialSpider?: string
  initialTag?: string
  initialOutcome?: readonly Outcome[]
  initialRange?: TimeRange
  initialSort?: SortKey
}

const NO_LINE_IDS: Record<Tab, string | undefined> = {
  overview: undefined,
  stats: undefined,
  json: undefined,
}
const TOP_CURSORS: Record<Tab, number> = { overview: 0, stats: 0, json: 0 }

/** The first state of the viewer. */
export function initialUi(o: InitialUi): UiState {
  return {
    project: o.project,
    states: o.initialStates?.length ? o.initialStates : LISTED_STATES,
    ...(o.initialSpider ? { spider: o.initialSpider } : {}),
    ...(o.initialTag ? { tag: o.initialTag } : {}),
    text: '',
    outcome: o.initialOutcome ?? [],
    range: o.initialRange ?? { label: 'all' },
    ...(o.initialSort ? { sort: o.initialSort } : {}),
    screen: o.initialJob ? 'detail' : 'list',
    listCursor: 0,
    spiderCursor: 0,
    ...(o.initialJob ? { jobKey: o.initialJob } : {}),
    tab: 'overview',
    cursors: TOP_CURSORS,
    lineIds: NO_LINE_IDS,
    collapsed: new Set(),
    statsFilter: '',
    overlay: null,
    prompt: null,
    paused: false,
    flashSeq: 0,
    effects: [],
  }
}

/** The key-binding view of a state: the list, the spiders, or the job page's tab. */
export function viewOf(s: UiState): ViewName {
  return s.screen === 'detail' ? s.tab : s.screen
}

/** Index of `key` in `keys`, else `fallback` clamped to the list. */
export function indexOfKey(keys: readonly string[], key: string | undefined, fallback: number) {
  const i = key === undefined ? -1 : keys.indexOf(key)
  return i >= 0 ? i : clampCursor(fallback, keys.length)
}

/** The cursor of the job page's `tab`: on the remembered line if it is still there. */
export function lineCursor(s: UiState, tab: Tab, lines: readonly Line[]): number {
  const id = s.lineIds[tab]
  const i = id === undefined ? -1 : lines.findIndex((l) => l.id === id)
  return i >= 0 ? i : clampCursor(s.cursors[tab], lines.length)
}

const say = (s: UiState, text: string): Partial<UiState> => ({
  flash: { text, id: (s.flash?.id ?? s.flashSeq) + 1 },
  flashSeq: (s.flash?.id ?? s.flashSeq) + 1,
})
const withEffect = (s: UiState, e: Effect): Partial<UiState> => ({ effects: [...s.effects, e] })

/** Puts `tab`'s cursor on line `index` of `lines` and remembers that line. */
function cursorAt(s: UiState, tab: Tab, index: number, lines: readonly Line[]) {
  return {
    cursors: { ...s.cursors, [tab]: index },
    lineIds: { ...s.lineIds, [tab]: lines[index]?.id },
  }
}

function openJob(key: string): Partial<UiState> {
  return {
    jobKey: key,
    screen: 'detail',
    tab: 'overview',
    cursors: TOP_CURSORS,
    lineIds: NO_LINE_IDS,
    statsFilter: '',
    collapsed: new Set(),
  }
}

/** Applies one event. */
export function reduce(s: UiState, e: UiEvent): UiState {
  switch (e.type) {
    // Both apply only if no key moved the selection since the render that saw it.
    case 'select':
      return s.listKey !== e.was || (s.listKey === e.key && s.listCursor === e.index)
        ? s
        : { ...s, listKey: e.key, listCursor: e.index }
    case 'selectSpider':
      return s.spiderName !== e.was || (s.spiderName === e.name && s.spiderCursor === e.index)
        ? s
        : { ...s, spiderName: e.name, spiderCursor: e.index }
    case 'flashEnd':
      return s.flash?.id === e.id ? { ...s, flash: undefined } : s
    case 'effectsDone':
      return { ...s, effects: s.effects.slice(e.count) }
    case 'jumped':
      return { ...s, project: parseJobKey(e.key).project, ...openJob(e.key) }
    case 'jumpFailed':
      return { ...s, error: e.error }
    case 'key':
      return { ...s, ...onKey(s, e.input, e.key, e.ctx) }
  }
}

function onKey(s: UiState, input: string, key: Key, ctx: ViewContext): Partial<UiState> {
  // Only the too-small message is on screen: keys other than quit would act unseen.
  if (ctx.tooSmall)
    return actionFor('list', input, key) === 'quit' ? withEffect(s, { kind: 'quit' }) : {}
  if (s.prompt) return onPromptKey(s, s.prompt, input, key, ctx)
  // A mistyped jump is reported until the next key; an overlay closes on any key.
  const cleared: Partial<UiState> = { error: undefined }
  if (s.overlay) return { ...cleared, overlay: null }
  const action = actionFor(viewOf(s), input, key)
  // `!` shows the reported error in full, so it keeps it.
  if (action === 'showError') return { overlay: 'error' }
  if (!action) return cleared
  return { ...cleared, ...(move(s, action, ctx) ?? onAction(s, action, ctx)) }
}

function live(s: UiState, kind: PromptKind, value: string): Partial<UiState> {
  if (kind === 'filter') return { text: value }
  if (kind === 'statsFilter') return { statsFilter: value, ...cursorAt(s, 'stats', 0, []) }
  return {}
}

function onPromptKey(
  s: UiState,
  prompt: Prompt,
  input: string,
  key: Key,
  ctx: ViewContext,
): Partial<UiState> {
  const edit = editPrompt(prompt.value, input, key)
  switch (edit.kind) {
    case 'cancel': {
      const cleared: Partial<UiState> =
        prompt.kind === 'spider'
          ? { spider: undefined }
          : prompt.kind === 'tag'
            ? { tag: undefined }
            : {}
      return { ...live(s, prompt.kind, ''), ...cleared, prompt: null }
    }
    case 'commit':
      return { prompt: null, ...commitPrompt(s, prompt.kind, edit.value) }
    case 'complete': {
      const first = suggestionsFor(prompt, ctx)[0]
      return first ? { prompt: { ...prompt, value: first } } : {}
    }
    case 'quit':
      return withEffect(s, { kind: 'quit' })
    case 'edit':
      return { prompt: { ...prompt, value: edit.value }, ...live(s, prompt.kind, edit.value) }
    case 'ignore':
      return {}
  }
}

/** Spider names or tags offered for the prompt's text. */
export function suggestionsFor(prompt: Prompt, ctx: Pick<ViewContext, 'seen'>): string[] {
  if (prompt.kind !== 'spider' && prompt.kind !== 'tag') return []
  return completions(ctx.seen(prompt.kind), prompt.value)
}

function commitPrompt(s: UiState, kind: PromptKind, v: string): Partial<UiState> {
  if (kind === 'spider') return { spider: v || undefined }
  if (kind === 'tag') return { tag: v || undefined }
  if (kind !== 'jump' || !v) return {}
  // shub's short keys first (target.ts, as on the command line): `S/J` and `SPIDER/J` are jobs of
  // the current project (`3/81` is job 81 of spider 3 here, not project 3), `TARGET/S/J` a named
  // target's; full keys, URLs and projects are core's parseKey's.
  const ref = tryJobRef(v)
  if (ref && (!ref.project || 'target' in ref.project)) {
    if (!ref.project && typeof ref.spider === 'number') {
      try {
        return openJob(parseJobKey(`${s.project}/${ref.spider}/${ref.job}`).key)
      } catch (err) {
        return { error: err }
      }
    }
    return withEffect(s, { kind: 'resolveJob', ref, project: s.project })
  }
  try {
    const k = parseKey(v)
    if (k.kind === 'job') return { project: k.project, ...openJob(k.key) }
    return {
      project: k.project,
      screen: 'list',
      listCursor: 0,
      listKey: undefined,
      ...(k.kind === 'spider'
        ? say(s, `project ${k.project} (spider ids cannot filter the list; use f or s)`)
        : {}),
    }
  } catch (err) {
    return { error: err }
  }
}

function move(s: UiState, action: Action, ctx: ViewContext): Partial<UiState> | undefined {
  const total =
    s.screen === 'list'
      ? ctx.rowKeys.length
      : s.screen === 'spiders'
        ? ctx.spiderNames.length
        : ctx.lines(s.tab).length
  const current =
    s.screen === 'list'
      ? indexOfKey(ctx.rowKeys, s.listKey, s.listCursor)
      : s.screen === 'spiders'
        ? indexOfKey(ctx.spiderNames, s.spiderName, s.spiderCursor)
        : lineCursor(s, s.tab, ctx.lines(s.tab))
  const page = Math.max(1, ctx.page)
  const targets: Partial<Record<Action, number>> = {
    up: current - 1,
    down: current + 1,
    top: 0,
    bottom: total - 1,
    pageUp: current - page,
    pageDown: current + page,
  }
  const target = targets[action]
  if (target === undefined) return undefined
  const next = clampCursor(target, total)
  if (s.screen === 'list') return { listCursor: next, listKey: ctx.rowKeys[next] }
  if (s.screen === 'spiders') return { spiderCursor: next, spiderName: ctx.spiderNames[next] }
  return cursorAt(s, s.tab, next, ctx.lines(s.tab))
}

function cycle<T>(values: readonly T[], current: T, same: (a: T, b: T) => boolean): T {
  const i = values.findIndex((v) => same(v, current))
  return values[(i + 1) % values.length] as T
}

/** What an action does to the state (movement is handled by `move`). */
type Handler = (s: UiState, ctx: ViewContext) => Partial<UiState>

/** The job the action applies to: the list's selected row, or the open job. */
function selectedJob(s: UiState, ctx: ViewContext): string | undefined {
  if (s.screen === 'list') return ctx.rowKeys[indexOfKey(ctx.rowKeys, s.listKey, s.listCursor)]
  return s.screen === 'detail' ? s.jobKey : undefined
}

function selectedSpider(s: UiState, ctx: ViewContext): string | undefined {
  return ctx.spiderNames[indexOfKey(ctx.spiderNames, s.spiderName, s.spiderCursor)]
}

const toggle =
  (st: JobState): Handler =>
  (s) => {
    const next = s.states.includes(st) ? s.states.filter((x) => x !== st) : [...s.states, st]
    return next.length ? { states: JOB_STATES.filter((x) => next.includes(x)) } : {}
  }

const fold =
  (action: 'toggleGroup' | 'collapse' | 'expand'): Handler =>
  (s, ctx) =>
    foldGroup(s, action, ctx.lines('stats'))

const tab =
  (step: number): Handler =>
  (s) => ({
    tab: TABS[(TABS.indexOf(s.tab) + step + TABS.length) % TABS.length] as Tab,
  })

/** One handler per action: the whole key map of the viewer's state. */
const HANDLERS: Partial<Record<Action, Handler>> = {
  quit: (s) => withEffect(s, { kind: 'quit' }),
  help: () => ({ overlay: 'help' }),
  pause: (s) => ({
    paused: !s.paused,
    ...say(s, s.paused ? 'live refresh resumed' : 'live refresh paused (p to resume)'),
  }),
  refresh: (s) => ({
    ...withEffect(s, {
      kind: 'refresh',
      what: s.screen === 'detail' ? 'job' : s.screen === 'spiders' ? 'spiders' : 'list',
    }),
    ...say(s, 'refreshing…'),
  }),
  jump: () => ({ prompt: { kind: 'jump', value: '' } }),
  filter: (s) =>
    s.screen === 'list'
      ? { prompt: { kind: 'filter', value: s.text } }
      : { prompt: { kind: 'statsFilter', value: s.statsFilter }, tab: 'stats' },
  spiderFilter: (s) => ({ prompt: { kind: 'spider', value: s.spider ?? '' } }),
  tagFilter: (s) => ({ prompt: { kind: 'tag', value: s.tag ?? '' } }),
  togglePending: toggle('pending'),
  toggleRunning: toggle('running'),
  toggleFinished: toggle('finished'),
  toggleDeleted: toggle('deleted'),
  outcome: (s) => {
    const outcome = cycle(OUTCOME_CYCLE, s.outcome, (a, b) => a.join() === b.join())
    return { outcome, ...say(s, `outcome: ${outcome.length ? outcome.join(', ') : 'any'}`) }
  },
  timeRange: (s, ctx) => {
    const i = RANGE_CYCLE.findIndex((r) => r.label === s.range.label)
    const r = RANGE_CYCLE[(i + 1) % RANGE_CYCLE.length] ?? { label: 'all' }
    const range: TimeRange =
      r.ms === undefined ? { label: r.label } : { label: r.label, since: ctx.now - r.ms }
    return {
      range,
      ...say(s, `time range: ${range.label === 'all' ? 'all' : `last ${range.label}`}`),
    }
  },
  sort: (s) => {
    const sort = cycle(SORT_CYCLE, s.sort, (a, b) => a === b)
    return { sort, ...say(s, `sorted by ${sortLabel(sort)}`) }
  },
  resetFilters: () => ({
    states: LISTED_STATES,
    spider: undefined,
    tag: undefined,
    text: '',
    outcome: [],
    range: { label: 'all' },
  }),
  spiders: () => ({ screen: 'spiders' }),
  open: (s, ctx) => {
    if (s.screen === 'spiders') {
      const name = selectedSpider(s, ctx)
      return name ? { spider: name, screen: 'list' } : {}
    }
    const key = selectedJob(s, ctx)
    return key ? openJob(key) : {}
  },
  back: (s) => {
    if (s.screen === 'spiders') return { screen: 'list' }
    if (s.screen === 'list') return { text: '' }
    if (s.tab === 'stats' && s.statsFilter) return { statsFilter: '' }
    return { screen: 'list' }
  },
  copy: (s, ctx) => {
    if (s.screen === 'spiders') {
      const name = selectedSpider(s, ctx)
      return name ? copy(s, name, 'spider name') : {}
    }
    const key = selectedJob(s, ctx)
    if (!key) return {}
    if (s.screen === 'list') return copy(s, key, 'job key')
    const lines = ctx.lines(s.tab)
    const line = lines[lineCursor(s, s.tab, lines)]
    return line?.copy ? copy(s, line.copy, 'value') : copy(s, key, 'job key')
  },
  copyUrl: (s, ctx) => {
    const key = selectedJob(s, ctx)
    if (!key) return {}
    try {
      return copy(s, dashboardUrl(key), 'dashboard URL')
    } catch (err) {
      return { error: err }
    }
  },
  nextTab: tab(1),
  prevTab: tab(-1),
  tabOverview: () => ({ tab: 'overview' }),
  tabStats: () => ({ tab: 'stats' }),
  tabJson: (s) => ({ tab: s.tab === 'json' ? 'overview' : 'json' }),
  toggleGroup: fold('toggleGroup'),
  collapse: fold('collapse'),
  expand: fold('expand'),
  collapseAll: (s, ctx) => ({
    collapsed: new Set(ctx.statGroups()),
    ...cursorAt(s, 'stats', 0, []),
  }),
  expandAll: () => ({ collapsed: new Set() }),
}

function onAction(s: UiState, action: Action, ctx: ViewContext): Partial<UiState> {
  return HANDLERS[action]?.(s, ctx) ?? {}
}

function copy(s: UiState, text: string, what: string): Partial<UiState> {
  return {
    ...withEffect(s, { kind: 'copy', text, what }),
    ...say(s, `copied ${what} to the clipboard: ${text}`),
  }
}

function foldGroup(s: UiState, action: Action, lines: readonly Line[]): Partial<UiState> {
  const line = lines[lineCursor(s, 'stats', lines)]
  // Folding from inside a group (or from a folded group) folds the enclosing group, as in
  // file trees, and moves to its header line.
  const parent = line?.parent
  if (action === 'collapse' && parent && !(line.group && !s.collapsed.has(line.group))) {
    const header = lines.findIndex((l) => l.group === parent)
    return {
      collapsed: new Set(s.collapsed).add(parent),
      ...cursorAt(s, 'stats', Math.max(0, header), lines),
    }
  }
  if (!line?.group) return {}
  const g = line.group
  const next = new Set(s.collapsed)
  const shut = action === 'collapse' || (action === 'toggleGroup' && !s.collapsed.has(g))
  if (shut) next.add(g)
  else next.delete(g)
  return { collapsed: next }
}
