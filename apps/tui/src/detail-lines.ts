/** The job detail overview as lines: timing, outcome, scheduling, arguments, tags, custom fields, histogram. */
import {
  formatBytes,
  formatDuration,
  formatNumber,
  formatRelativeTime,
  type JobMetadata,
  type Outcome,
  summarize,
} from '@jobmeta/core'
import type { Line, Tone } from './lines.ts'

const KNOWN_FIELDS = new Set([
  'project',
  'spider',
  'state',
  'priority',
  'units',
  'spider_type',
  'tags',
  'spider_args',
  'job_settings',
  'environment',
  'job_cmd',
  'version',
  'deploy_id',
  'api_url',
  'scheduled_by',
  'started_by',
  'completed_by',
  'deleted_by',
  'cancelled_by',
  'pending_time',
  'running_time',
  'finished_time',
  'deleted_time',
  'close_reason',
  'scrapystats',
  '_shub_worker',
  'stop_requested',
  'auth',
  'key',
  'ts',
  'elapsed',
  'items',
  'pages',
  'logs',
  'errors',
])

/** Tone for an outcome. */
export function outcomeTone(outcome: Outcome): Tone | undefined {
  switch (outcome) {
    case 'ok':
      return 'ok'
    case 'failed':
      return 'error'
    case 'cancelled':
      return 'warn'
    case 'limit':
      return 'accent'
    case 'running':
      return 'running'
    case 'pending':
    case 'deleted':
      return 'dim'
    default:
      return undefined
  }
}

/** `2026-11-29 08:00:01` in local time. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

function str(v: unknown): string {
  if (typeof v === 'string') return v
  return JSON.stringify(v) ?? String(v)
}

function field(label: string, value: string, copy?: string, tone?: Tone): Line {
  const line: Line = { text: `  ${label.padEnd(16)} ${value}`, copy: copy ?? value, id: label }
  if (tone) line.tone = tone
  return line
}

function heading(text: string): Line {
  return { text, tone: 'heading', id: text }
}

function num(meta: JobMetadata, name: string): number | undefined {
  const v = (meta as Record<string, unknown>)[name]
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

function mapLines(obj: unknown): Line[] {
  if (!obj || typeof obj !== 'object') return []
  return Object.entries(obj as Record<string, unknown>)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => ({ text: `  ${k} = ${str(v)}`, copy: str(v) }))
}

/** Histogram bars for response status codes, widest bar `barWidth` cells. */
export function histogramLines(histogram: Record<string, number>, barWidth: number): Line[] {
  const entries = Object.entries(histogram).sort(([a], [b]) => a.localeCompare(b))
  const max = Math.max(1, ...entries.map(([, n]) => n))
  return entries.map(([code, n]) => {
    const len = n > 0 ? Math.max(1, Math.round((n / max) * barWidth)) : 0
    const tone: Tone = code.startsWith('2')
      ? 'ok'
      : code.startsWith('3')
        ? 'running'
        : code.startsWith('4')
          ? 'warn'
          : 'error'
    return {
      text: `  ${code.padEnd(5)} ${'█'.repeat(len).padEnd(barWidth)} ${formatNumber(n)}`,
      tone,
      copy: String(n),
    }
  })
}

/** All overview lines for a job at time `now`, fitting `width` columns. */
export function overviewLines(meta: JobMetadata, now: number, width: number): Line[] {
  const s = summarize(meta, now)
  const out: Line[] = []
  const pending = num(meta, 'pending_time')
  const running = num(meta, 'running_time')
  const finished = num(meta, 'finished_time')
  const deleted = num(meta, 'deleted_time')

  out.push(heading('Timing'))
  const at = (label: string, t: number | undefined, extra?: string) => {
    if (t === undefined) return
    const rel = formatRelativeTime(t, now)
    out.push(field(label, `${formatTimestamp(t)}  (${rel})${extra ? `  ${extra}` : ''}`, String(t)))
  }
  at('queued', pending)
  at(
    'started',
    running,
    s.queueWaitMs !== undefined ? `waited ${formatDuration(s.queueWaitMs)}` : undefined,
  )
  at(
    'finished',
    finished,
    s.runTimeMs !== undefined && finished !== undefined
      ? `ran ${formatDuration(s.runTimeMs)}`
      : undefined,
  )
  at('deleted', deleted)
  if (s.runTimeMs !== undefined && finished === undefined) {
    out.push(field('running for', formatDuration(s.runTimeMs), undefined, 'running'))
  }
  if (s.totalTimeMs !== undefined) out.push(field('total', formatDuration(s.totalTimeMs)))

  out.push(heading('Outcome'))
  out.push(field('state', String(meta.state ?? '-')))
  out.push(field('outcome', s.outcome, undefined, outcomeTone(s.outcome)))
  if (meta.close_reason !== undefined) out.push(field('close reason', String(meta.close_reason)))
  if (s.items !== undefined) {
    const rate =
      s.itemsPerMinute !== undefined
        ? `  (${formatNumber(Math.round(s.itemsPerMinute * 10) / 10)}/min)`
        : ''
    out.push(field('items', `${formatNumber(s.items)}${rate}`, String(s.items)))
  }
  if (s.requests !== undefined)
    out.push(field('requests', formatNumber(s.requests), String(s.requests)))
  if (s.errors !== undefined)
    out.push(
      field('errors', formatNumber(s.errors), String(s.errors), s.errors > 0 ? 'error' : undefined),
    )
  if (s.warnings !== undefined)
    out.push(
      field(
        'warnings',
        formatNumber(s.warnings),
        String(s.warnings),
        s.warnings > 0 ? 'warn' : undefined,
      ),
    )
  if (s.peakMemoryBytes !== undefined)
    out.push(field('peak memory', formatBytes(s.peakMemoryBytes), String(s.peakMemoryBytes)))
  if (s.bytesDownloaded !== undefined)
    out.push(field('downloaded', formatBytes(s.bytesDownloaded), String(s.bytesDownloaded)))

  out.push(heading('Scheduling'))
  for (const name of [
    'scheduled_by',
    'started_by',
    'completed_by',
    'cancelled_by',
    'deleted_by',
    'priority',
    'units',
    'spider_type',
    'deploy_id',
    'version',
    '_shub_worker',
    'api_url',
    'stop_requested',
  ]) {
    const v = (meta as Record<string, unknown>)[name]
    if (v !== undefined && v !== null)
      out.push(field(name.replace(/^_/, '').replace(/_/g, ' '), str(v)))
  }
  const sections: [string, unknown][] = [
    ['Arguments', meta.spider_args],
    ['Settings', meta.job_settings],
    ['Environment', meta.environment],
  ]
  for (const [title, obj] of sections) {
    const lines = mapLines(obj)
    if (lines.length) out.push(heading(title), ...lines)
  }
  const cmd = (meta as Record<string, unknown>).job_cmd
  if (Array.isArray(cmd))
    out.push(heading('Command'), {
      text: `  ${cmd.map(str).join(' ')}`,
      copy: cmd.map(str).join(' '),
    })
  const tags = Array.isArray(meta.tags) ? meta.tags.map(str) : []
  out.push(heading('Tags'), {
    text: `  ${tags.length ? tags.join(', ') : '(none)'}`,
    copy: tags.join(','),
    tone: tags.length ? 'accent' : 'dim',
  })
  const custom = Object.keys(meta)
    .filter((k) => !KNOWN_FIELDS.has(k))
    .sort()
  if (custom.length) {
    out.push(heading('Custom fields'))
    for (const k of custom) out.push(field(k, str((meta as Record<string, unknown>)[k])))
  }
  const hist = s.statusHistogram
  if (Object.keys(hist).length) {
    out.push(heading('Responses by status'))
    out.push(...histogramLines(hist, Math.max(10, Math.min(40, width - 24))))
  }
  return out
}

/** The raw JSON view: pretty-printed metadata, one line per JSON line. */
export function jsonLines(meta: JobMetadata): Line[] {
  return JSON.stringify(meta, null, 2)
    .split('\n')
    .map((text) => ({ text, copy: text.trim().replace(/,$/, '') }))
}
