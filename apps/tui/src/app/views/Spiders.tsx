/** The spiders view: one row per spider with its last run, recent items and recent failures. */
import { formatNumber, rowFigures } from '@jobmeta/core'
import { Box, Text } from 'ink'
import { useRef } from 'react'
import { OUTCOME_LABELS, rowFinished, rowRunTime } from '../../job-row.ts'
import { RECENT_RUNS, type SpiderRow, sparkline } from '../../spider-rows.ts'
import { fit } from '../../text-width.ts'
import { scrollOffset } from '../scroll.ts'
import { useTheme } from '../theme-context.ts'

/** Props of SpidersView. */
export interface SpidersProps {
  rows: readonly SpiderRow[]
  cursor: number
  height: number
  width: number
  now: number
  loading: boolean
  failed?: boolean
}

const FIXED = [
  { title: 'LAST OUTCOME', width: 12, align: 'left' as const },
  { title: 'LAST RUN', width: 9, align: 'right' as const },
  { title: 'RUN TIME', width: 8, align: 'right' as const },
  { title: 'LAST ITEMS', width: 10, align: 'right' as const },
  { title: `ITEMS (LAST ${RECENT_RUNS})`, width: 15, align: 'left' as const },
  { title: 'FAILED', width: 7, align: 'right' as const },
]

/** The spider name's column: what the others leave, at most 40. */
function nameWidthOf(width: number): number {
  return Math.min(40, Math.max(8, width - FIXED.reduce((n, c) => n + c.width + 1, 0)))
}

/** One spider as a table line of `width` columns. */
export function spiderLine(r: SpiderRow, width: number, now: number): string {
  const nameWidth = nameWidthOf(width)
  const last = r.last
  const lastItems = last ? rowFigures(last).items : undefined
  const items = lastItems === undefined ? '-' : formatNumber(lastItems)
  const cells = [
    OUTCOME_LABELS[r.lastOutcome],
    last ? rowFinished(last, now) : '-',
    last ? rowRunTime(last, now) : '-',
    items,
    r.runs ? sparkline(r.items) : '-',
    r.runs ? `${r.failures}/${r.runs}` : '-',
  ]
  return [
    fit(r.name, nameWidth),
    ...cells.map((c, i) => fit(c, FIXED[i]?.width ?? 8, FIXED[i]?.align)),
  ].join(' ')
}

/** The header line of the spiders table. */
export function spiderHeader(width: number): string {
  const nameWidth = nameWidthOf(width)
  return [fit('SPIDER', nameWidth), ...FIXED.map((c) => fit(c.title, c.width, c.align))].join(' ')
}

/** The spiders table (only the visible rows). */
export function SpidersView(props: SpidersProps) {
  const theme = useTheme()
  const offsetRef = useRef(0)
  const bodyHeight = Math.max(1, props.height - 2)
  const offset = scrollOffset(props.cursor, offsetRef.current, bodyHeight, props.rows.length)
  offsetRef.current = offset
  const visible = props.rows.slice(offset, offset + bodyHeight)
  const empty = props.loading
    ? 'loading spiders…'
    : props.failed
      ? 'could not load the spiders (see below)'
      : 'no spider has run yet'
  return (
    <Box flexDirection="column" height={props.height}>
      <Text wrap="truncate" color={theme.color('blue')}>
        {`spiders of the project: last run, items of the last ${RECENT_RUNS} runs, failures · ⏎ shows a spider's jobs`}
      </Text>
      <Text bold wrap="truncate">
        {spiderHeader(props.width)}
      </Text>
      {visible.length === 0 ? <Text color={theme.color('gray')}>{empty}</Text> : null}
      {visible.map((r, i) => {
        const color = theme.outcome(r.lastOutcome)
        return (
          <Text
            key={r.name}
            wrap="truncate"
            inverse={offset + i === props.cursor}
            {...(color ? { color } : {})}
          >
            {spiderLine(r, props.width, props.now)}
          </Text>
        )
      })}
    </Box>
  )
}
