/** The job detail overview as lines: odd values, timing, outcome, scheduling, arguments, tags, custom fields, histogram. */
import {
  type FieldIssue,
  formatBytes,
  formatDuration,
  formatFieldIssue,
  formatIssuePath,
  formatNumber,
  formatRelativeTime,
  formatTimestamp,
  isKnownField,
  type JobMetadata,
  metadataIssues,
  summarize,
} from '@jobmeta/core'
import { OUTCOME_LABELS } from './job-row.ts'
import { type Line, ODD_MARK, outcomeTone, type Tone } from './lines.ts'
import { safeText, safeValue, terminalJson } from './text.ts'
import { padEnd } from './text-width.ts'

/** Odd values of a job by path (`tags`, `environment.RETRIES`), as core's metadataIssues names them. */
export type OddValues = ReadonlyMap<string, FieldIssue>

/** The odd values of a job, keyed by their formatted path. */
export function oddValues(meta: JobMetadata): OddValues {
  return new Map(metadataIssues(meta).map((i) => [formatIssuePath(i.path), i]))
}

/** `  ⚠ expected array of strings` after a value whose path is odd (or holds odd items). */
function markOf(odd: OddValues, path: string): string {
  const own = odd.get(path)
  if (own) return `  ${ODD_MARK} expected ${own.expected}`
  for (const [p, i] of odd) {
    if (p.startsWith(`${path}.`) || p.startsWith(`${path}[`))
      return `  ${ODD_MARK} ${formatIssuePath(i.path)}: expected ${i.expected}`
  }
  return ''
}

function field(label: string, value: string, copy?: string, tone?: Tone): Line {
  const line: Line = {
    text: `  ${padEnd(label, 16)} ${safeText(value)}`,
    copy: copy ?? value,
    id: label,
  }
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

/** Lines for an object field (arguments, settings, environment); an odd value is one marked line. */
function mapLines(name: string, obj: unknown, odd: OddValues): Line[] {
  if (obj === undefined || obj === null) return []
  if (typeof obj !== 'object' || Array.isArray(obj)) {
    return [{ text: `  ${safeValue(obj)}${markOf(odd, name)}`, copy: safeValue(obj), tone: 'warn' }]
  }
  return Object.entries(obj as Record<string, unknown>)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => {
      const mark = markOf(odd, `${name}.${k}`)
      const line: Line = { text: `  ${safeText(k)} = ${safeValue(v)}${mark}`, copy: safeValue(v) }
      if (mark) line.tone = 'warn'
      return line
    })
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

const SCHEDULING = [
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
]

/**
 * All overview lines for a job at time `now`, fitting `width` columns. Every text from the job is
 * sanitised; values of unexpected type are listed first and marked where they are shown.
 */
export function overviewLines(
  meta: JobMetadata,
  now: number,
  width: number,
  odd: OddValues = oddValues(meta),
): Line[] {
  const s = summarize(meta, now)
  const raw = meta as Record<string, unknown>
  const out: Line[] = []
  const has = (name: string) => raw[name] !== undefined && raw[name] !== null

  if (odd.size) {
    out.push({ ...heading('Unexpected values (shown as sent)'), tone: 'warn' })
    for (const issue of odd.values()) {
      const path = formatIssuePath(issue.path)
      out.push({
        text: `  ${ODD_MARK} ${safeText(formatFieldIssue(issue))}`,
        tone: 'warn',
        id: `odd:${path}`,
      })
    }
  }

  out.push(heading('Timing'))
  const at = (label: string, name: string, extra?: string) => {
    const t = num(meta, name)
    if (t === undefined) {
      if (has(name))
        out.push(field(label, `${safeValue(raw[name])}${markOf(odd, name)}`, undefined, 'warn'))
      return
    }
    const rel = formatRelativeTime(t, now)
    out.push(field(label, `${formatTimestamp(t)}  (${rel})${extra ? `  ${extra}` : ''}`, String(t)))
  }
  at('queued', 'pending_time')
  at(
    'started',
    'running_time',
    s.queueWaitMs !== undefined ? `waited ${formatDuration(s.queueWaitMs)}` : undefined,
  )
  const finished = num(meta, 'finished_time')
  at(
    'finished',
    'finished_time',
    s.runTimeMs !== undefined && finished !== undefined
      ? `ran ${formatDuration(s.runTimeMs)}`
      : undefined,
  )
  at('deleted', 'deleted_time')
  if (s.runTimeMs !== undefined && finished === undefined) {
    out.push(field('running for', formatDuration(s.runTimeMs), undefined, 'running'))
  }
  if (s.totalTimeMs !== undefined) out.push(field('total', formatDuration(s.totalTimeMs)))

  out.push(heading('Outcome'))
  const stateMark = markOf(odd, 'state')
  out.push(
    field(
      'state',
      `${has('state') ? safeValue(raw.state) : '-'}${stateMark}`,
      undefined,
      stateMark ? 'warn' : undefined,
    ),
  )
  out.push(field('outcome', OUTCOME_LABELS[s.outcome], s.outcome, outcomeTone(s.outcome)))
  if (has('close_reason')) {
    const mark = markOf(odd, 'close_reason')
    out.push(
      field(
        'close reason',
        `${safeValue(raw.close_reason)}${mark}`,
        safeValue(raw.close_reason),
        mark ? 'warn' : undefined,
      ),
    )
  }
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
  for (const name of SCHEDULING) {
    if (!has(name)) continue
    const mark = markOf(odd, name)
    out.push(
      field(
        name.replace(/^_/, '').replace(/_/g, ' '),
        `${safeValue(raw[name])}${mark}`,
        safeValue(raw[name]),
        mark ? 'warn' : undefined,
      ),
    )
  }
  const sections: [string, string][] = [
    ['Arguments', 'spider_args'],
    ['Settings', 'job_settings'],
    ['Environment', 'environment'],
  ]
  for (const [title, name] of sections) {
    const lines = mapLines(name, raw[name], odd)
    if (lines.length) out.push(heading(title), ...lines)
  }
  if (has('job_cmd')) {
    const cmd = raw.job_cmd
    const text = Array.isArray(cmd) ? cmd.map(safeValue).join(' ') : safeValue(cmd)
    const mark = markOf(odd, 'job_cmd')
    out.push(heading('Command'), {
      text: `  ${text}${mark}`,
      copy: text,
      ...(mark ? { tone: 'warn' as const } : {}),
    })
  }
  const tags = raw.tags
  const tagText = Array.isArray(tags)
    ? tags.map(safeValue).join(', ')
    : has('tags')
      ? safeValue(tags)
      : ''
  const tagMark = markOf(odd, 'tags')
  out.push(heading('Tags'), {
    text: `  ${tagText || '(none)'}${tagMark}`,
    copy: Array.isArray(tags) ? tags.map(safeValue).join(',') : tagText,
    tone: tagMark ? 'warn' : tagText ? 'accent' : 'dim',
  })
  const custom = Object.keys(meta)
    .filter((k) => !isKnownField(k))
    .sort()
  if (custom.length) {
    out.push(heading('Custom fields'))
    for (const k of custom) out.push(field(k, safeValue(raw[k])))
  }
  const hist = s.statusHistogram
  if (Object.keys(hist).length) {
    out.push(heading('Responses by status'))
    out.push(...histogramLines(hist, Math.max(10, Math.min(40, width - 24))))
  }
  return out
}

/** The raw JSON view: pretty-printed metadata, one line per JSON line (controls escaped). */
export function jsonLines(meta: JobMetadata): Line[] {
  let text: string
  try {
    text = terminalJson(meta, 2)
  } catch {
    // nesting deeper than the stack: the overview still shows the job
    text = '(this job is nested too deeply to print as JSON)'
  }
  return text.split('\n').map((line) => ({ text: line, copy: line.trim().replace(/,$/, '') }))
}
