/** Key bindings: one table drives both input handling and the help overlay. */
import type { Key } from 'ink'

/** Where a key applies: the job list or a tab of the job detail. */
export type ViewName = 'list' | 'spiders' | 'overview' | 'stats' | 'json'

/** Everything a key can do. */
export type Action =
  | 'up'
  | 'down'
  | 'top'
  | 'bottom'
  | 'pageUp'
  | 'pageDown'
  | 'open'
  | 'back'
  | 'filter'
  | 'jump'
  | 'copy'
  | 'copyUrl'
  | 'help'
  | 'quit'
  | 'refresh'
  | 'pause'
  | 'togglePending'
  | 'toggleRunning'
  | 'toggleFinished'
  | 'toggleDeleted'
  | 'resetFilters'
  | 'spiderFilter'
  | 'tagFilter'
  | 'tabOverview'
  | 'tabStats'
  | 'tabJson'
  | 'nextTab'
  | 'prevTab'
  | 'collapse'
  | 'expand'
  | 'toggleGroup'
  | 'collapseAll'
  | 'expandAll'
  | 'spiders'
  | 'outcome'
  | 'timeRange'
  | 'sort'
  | 'showError'

/** One binding: how it is shown in help, what it does and where. */
export interface Binding {
  label: string
  help: string
  action: Action
  views: readonly ViewName[]
  match: (input: string, key: Key) => boolean
  /** Short text in the footer (absent: help only); `?` and `q` always stay in the footer. */
  footer?: string
}

const ALL: ViewName[] = ['list', 'spiders', 'overview', 'stats', 'json']
const DETAIL: ViewName[] = ['overview', 'stats', 'json']
const ch = (c: string) => (input: string, key: Key) => input === c && !key.ctrl && !key.meta

/** All bindings, in help order (and footer order for those with a `footer` text). */
export const BINDINGS: readonly Binding[] = [
  {
    label: '↑ k',
    help: 'move up',
    action: 'up',
    views: ALL,
    match: (i, k) => k.upArrow || ch('k')(i, k),
    footer: '↑↓ move',
  },
  {
    label: '↓ j',
    help: 'move down',
    action: 'down',
    views: ALL,
    match: (i, k) => k.downArrow || ch('j')(i, k),
  },
  {
    label: 'g Home',
    help: 'go to the top',
    action: 'top',
    views: ALL,
    match: (i, k) => k.home || ch('g')(i, k),
  },
  {
    label: 'G End',
    help: 'go to the bottom',
    action: 'bottom',
    views: ALL,
    match: (i, k) => k.end || ch('G')(i, k),
  },
  {
    label: 'PgUp',
    help: 'page up',
    action: 'pageUp',
    views: ALL,
    match: (i, k) => k.pageUp || (k.ctrl && i === 'u'),
  },
  {
    label: 'PgDn',
    help: 'page down',
    action: 'pageDown',
    views: ALL,
    match: (i, k) => k.pageDown || (k.ctrl && i === 'd'),
  },
  {
    label: 'Enter',
    help: 'open the selected job',
    action: 'open',
    views: ['list'],
    match: (_i, k) => k.return,
    footer: '⏎ open',
  },
  {
    label: 'Enter',
    help: "the spider's jobs",
    action: 'open',
    views: ['spiders'],
    match: (_i, k) => k.return,
    footer: '⏎ jobs',
  },
  {
    label: 'Enter Space',
    help: 'fold / unfold the group',
    action: 'toggleGroup',
    views: ['stats'],
    match: (i, k) => k.return || ch(' ')(i, k),
    footer: '⏎ fold',
  },
  {
    label: '← h',
    help: 'fold group (or its parent)',
    action: 'collapse',
    views: ['stats'],
    match: (i, k) => k.leftArrow || ch('h')(i, k),
  },
  {
    label: '→ l',
    help: 'unfold the group',
    action: 'expand',
    views: ['stats'],
    match: (i, k) => k.rightArrow || ch('l')(i, k),
  },
  { label: 'c', help: 'fold all groups', action: 'collapseAll', views: ['stats'], match: ch('c') },
  { label: 'e', help: 'unfold all groups', action: 'expandAll', views: ['stats'], match: ch('e') },
  {
    label: 'Esc Backspace',
    help: 'clear the filter, else back to the list',
    action: 'back',
    views: DETAIL,
    match: (_i, k) => k.escape || k.backspace || k.delete,
    footer: 'Esc back',
  },
  {
    label: 'Esc',
    help: 'clear the text filter',
    action: 'back',
    views: ['list'],
    match: (_i, k) => k.escape,
  },
  {
    label: 'Esc',
    help: 'back to the job list',
    action: 'back',
    views: ['spiders'],
    match: (_i, k) => k.escape || k.backspace || k.delete,
    footer: 'Esc back',
  },
  {
    label: '/',
    help: 'filter jobs (Enter keeps, Esc clears)',
    action: 'filter',
    views: ['list'],
    match: ch('/'),
    footer: '/ filter',
  },
  {
    label: '/',
    help: 'filter stats by name (Enter keeps, Esc clears)',
    action: 'filter',
    views: ['stats'],
    match: ch('/'),
    footer: '/ filter',
  },
  {
    label: 'o',
    help: 'outcome: any, failed, ok, cancelled, limit',
    action: 'outcome',
    views: ['list'],
    match: ch('o'),
    footer: 'o outcome',
  },
  {
    label: 't',
    help: 'time range: all, 1h, 24h, 7d',
    action: 'timeRange',
    views: ['list'],
    match: ch('t'),
    footer: 't time',
  },
  {
    label: 'S',
    help: 'sort: newest, started, finished, items, …',
    action: 'sort',
    views: ['list'],
    match: ch('S'),
    footer: 'S sort',
  },
  {
    label: 's',
    help: 'spiders: last run, items, failures',
    action: 'spiders',
    views: ['list'],
    match: ch('s'),
    footer: 's spiders',
  },
  {
    label: '1',
    help: 'toggle pending jobs',
    action: 'togglePending',
    views: ['list'],
    match: ch('1'),
  },
  {
    label: '2',
    help: 'toggle running jobs',
    action: 'toggleRunning',
    views: ['list'],
    match: ch('2'),
  },
  {
    label: '3',
    help: 'toggle finished jobs',
    action: 'toggleFinished',
    views: ['list'],
    match: ch('3'),
  },
  {
    label: '4',
    help: 'toggle deleted jobs',
    action: 'toggleDeleted',
    views: ['list'],
    match: ch('4'),
  },
  {
    label: 'f',
    help: 'filter by spider name',
    action: 'spiderFilter',
    views: ['list'],
    match: ch('f'),
  },
  { label: '#', help: 'filter by tag', action: 'tagFilter', views: ['list'], match: ch('#') },
  {
    label: '0',
    help: 'reset all filters',
    action: 'resetFilters',
    views: ['list'],
    match: ch('0'),
  },
  {
    label: 'Tab',
    help: 'next tab (overview, stats, JSON)',
    action: 'nextTab',
    views: DETAIL,
    match: (_i, k) => k.tab && !k.shift,
    footer: 'Tab next tab',
  },
  {
    label: 'Shift-Tab',
    help: 'previous tab',
    action: 'prevTab',
    views: DETAIL,
    match: (_i, k) => k.tab && k.shift,
  },
  {
    label: 'o',
    help: 'overview tab',
    action: 'tabOverview',
    views: DETAIL,
    match: ch('o'),
    footer: 'o/s/J tabs',
  },
  { label: 's', help: 'Scrapy stats tab', action: 'tabStats', views: DETAIL, match: ch('s') },
  {
    label: 'J',
    help: 'raw JSON (again: back to overview)',
    action: 'tabJson',
    views: DETAIL,
    match: ch('J'),
  },
  {
    label: '!',
    help: 'the full error or close reason',
    action: 'showError',
    views: ALL,
    match: ch('!'),
    footer: '! error',
  },
  {
    label: ':',
    help: 'jump to a job key, project or URL',
    action: 'jump',
    views: ALL,
    match: ch(':'),
  },
  {
    label: 'y',
    help: 'copy the selected key / value (OSC 52)',
    action: 'copy',
    views: ALL,
    match: ch('y'),
  },
  { label: 'Y', help: 'copy the dashboard URL', action: 'copyUrl', views: ALL, match: ch('Y') },
  { label: 'r', help: 'refresh now', action: 'refresh', views: ALL, match: ch('r') },
  { label: 'p', help: 'pause / resume live refresh', action: 'pause', views: ALL, match: ch('p') },
  { label: '?', help: 'this help', action: 'help', views: ALL, match: ch('?'), footer: '? help' },
  {
    label: 'q',
    help: 'quit',
    action: 'quit',
    views: ALL,
    match: (i, k) => ch('q')(i, k) || (k.ctrl && i === 'c'),
    footer: 'q quit',
  },
]

/** The action for a key press in `view`, if any. */
export function actionFor(view: ViewName, input: string, key: Key): Action | undefined {
  for (const b of BINDINGS) if (b.views.includes(view) && b.match(input, key)) return b.action
  return undefined
}

/**
 * The footer of `view` in at most `width` columns: the bindings' footer texts in table order,
 * dropping from the end of the optional ones so that `? help` and `q quit` always stay.
 */
export function footerFor(view: ViewName, width: number): string {
  const texts = bindingsFor(view).flatMap((b) => (b.footer ? [b.footer] : []))
  const kept: string[] = texts.filter((t) => t === '? help' || t === 'q quit')
  const optional = texts.filter((t) => !kept.includes(t))
  const sep = '  '
  const out: string[] = []
  let used = kept.join(sep).length
  for (const t of optional) {
    if (used + t.length + sep.length > width) break
    out.push(t)
    used += t.length + sep.length
  }
  return [...out, ...kept].join(sep)
}

/** The bindings shown in the help overlay for `view`. */
export function bindingsFor(view: ViewName): Binding[] {
  return BINDINGS.filter((b) => b.views.includes(view))
}

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
}

/**
 * Ink hands several characters that arrive together (a paste, `tmux send-keys`, key repeat)
 * to the handler as one string; this splits them back into single key presses.
 */
export function splitInput(input: string, key: Key): [string, Key][] {
  const special = Object.entries(key).some(([name, on]) => on === true && name !== 'shift')
  if (input.length <= 1 || special) return [[input, key]]
  return [...input].map((c): [string, Key] => {
    if (c === '\r' || c === '\n') return ['', { ...NO_KEY, return: true }]
    if (c === '\t') return ['', { ...NO_KEY, tab: true }]
    if (c === '\x7f' || c === '\b') return ['', { ...NO_KEY, backspace: true }]
    if (c === '\x1b') return ['', { ...NO_KEY, escape: true, meta: true }]
    return [c, { ...NO_KEY, shift: /[A-Z]/.test(c) }]
  })
}
