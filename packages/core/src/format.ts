const pad2 = (n: number): string => String(n).padStart(2, '0')

/** A duration for people: '850ms', '3.2s', '4m 05s', '2h 03m', '3d 04h'. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–'
  if (ms < 0) return `-${formatDuration(-ms)}`
  if (ms < 1000) return `${Math.round(ms)}ms`
  const tenths = Math.round(ms / 100)
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`
  const s = Math.round(ms / 1000)
  if (s < 3600) return `${Math.floor(s / 60)}m ${pad2(s % 60)}s`
  const m = Math.floor(s / 60)
  if (m < 24 * 60) return `${Math.floor(m / 60)}h ${pad2(m % 60)}m`
  const h = Math.floor(m / 60)
  return `${Math.floor(h / 24)}d ${pad2(h % 24)}h`
}

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB']

/** A byte size in binary units: '512 B', '1.8 KiB', '69.1 MiB'. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '–'
  if (n < 0) return `-${formatBytes(-n)}`
  if (n < 1024) return `${Math.round(n)} B`
  let v = n
  let unit = -1
  while (v >= 1024 && unit < UNITS.length - 1) {
    v /= 1024
    unit++
  }
  // 1023.96 KiB would print as '1024.0 KiB'; move up a unit instead
  if (Number(v.toFixed(1)) >= 1024 && unit < UNITS.length - 1) {
    v /= 1024
    unit++
  }
  return `${v.toFixed(1)} ${UNITS[unit]}`
}

/** Time relative to now: 'just now', '12s ago', '3m ago', '5h ago', '2d ago', 'in 2m'. */
export function formatRelativeTime(ts: number, now: number): string {
  if (!Number.isFinite(ts) || !Number.isFinite(now)) return '–'
  const diff = now - ts
  const abs = Math.abs(diff)
  if (abs < 1000) return 'just now'
  const s = Math.floor(abs / 1000)
  let text: string
  if (s < 60) text = `${s}s`
  else if (s < 3600) text = `${Math.floor(s / 60)}m`
  else if (s < 86400) text = `${Math.floor(s / 3600)}h`
  else text = `${Math.floor(s / 86400)}d`
  return diff >= 0 ? `${text} ago` : `in ${text}`
}

// Made on first use: the first Intl.NumberFormat of a process loads ICU data (10-20 ms), which an
// importer that never formats a number (`jobmeta get KEY state`, a Worker isolate) should not pay.
let numberFormat: Intl.NumberFormat | undefined

/** A number with thousands separators: '12,345', '3.21'. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '–'
  // Counts (items, requests, errors) are integers: grouped by hand, exactly as en-US does, they
  // need no ICU at all, which the viewer's first frame then does not wait for.
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) return groupDigits(n)
  numberFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })
  return numberFormat.format(n)
}

/** A safe integer with a comma every three digits: -1234567 → '-1,234,567'. */
function groupDigits(n: number): string {
  const digits = String(Math.abs(n))
  let out = ''
  for (let end = digits.length; end > 0; end -= 3) {
    const group = digits.slice(Math.max(0, end - 3), end)
    out = out ? `${group},${out}` : group
  }
  return n < 0 ? `-${out}` : out
}

/** Where `formatTimestamp` reads the clock: the process's local zone or UTC. */
export type TimeZoneChoice = 'local' | 'utc'

/**
 * An epoch-ms time with its zone: `2026-11-29 08:00:01 UTC+01:00` (local) or
 * `2026-11-29 07:00:01 UTC` (utc). A time no Date can hold is shown as its number.
 */
export function formatTimestamp(ms: number, zone: TimeZoneChoice = 'local'): string {
  const d = new Date(ms)
  if (Number.isNaN(d.getTime())) return String(ms)
  const utc = zone === 'utc'
  const off = utc ? 0 : -d.getTimezoneOffset()
  const name =
    off === 0
      ? 'UTC'
      : `UTC${off > 0 ? '+' : '-'}${pad2(Math.floor(Math.abs(off) / 60))}:${pad2(Math.abs(off) % 60)}`
  const date = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate()]
  const time = utc
    ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getHours(), d.getMinutes(), d.getSeconds()]
  return `${date[0]}-${pad2(date[1] as number)}-${pad2(date[2] as number)} ${time.map(pad2).join(':')} ${name}`
}
