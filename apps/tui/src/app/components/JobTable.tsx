/** The job table: a header and only the visible rows, each with its outcome as a symbol and word. */
import type { JobQRow } from '@jobmeta/core'
import { Box, Text } from 'ink'
import { memo, useMemo, useRef } from 'react'
import { columnsFor, headerLine, rowLineCache, rowOutcome } from '../../job-row.ts'
import { scrollOffset } from '../scroll.ts'
import { useTheme } from '../theme-context.ts'

/** Props of JobTable. */
export interface JobTableProps {
  rows: readonly JobQRow[]
  cursor: number
  height: number
  width: number
  now: number
  empty: string
  /** All rows are of one project: keys shown as "S/J". */
  inProject?: boolean
}

/** One table line; unchanged lines are not re-rendered when the cursor moves. */
const Row = memo(function Row(props: { line: string; selected: boolean; color?: string }) {
  return (
    <Text wrap="truncate" inverse={props.selected} {...(props.color ? { color: props.color } : {})}>
      {props.line}
    </Text>
  )
})

/** Renders the header plus `height - 1` rows around the cursor. */
export function JobTable({ rows, cursor, height, width, now, empty, inProject }: JobTableProps) {
  const theme = useTheme()
  const columns = useMemo(
    () => columnsFor(width, { inProject: inProject ?? false, outcome: true }),
    [width, inProject],
  )
  const lineOf = useMemo(() => rowLineCache(columns, now), [columns, now])
  const offsetRef = useRef(0)
  const bodyHeight = Math.max(1, height - 1)
  const offset = scrollOffset(cursor, offsetRef.current, bodyHeight, rows.length)
  offsetRef.current = offset
  const visible = rows.slice(offset, offset + bodyHeight)
  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate">
        {headerLine(columns)}
      </Text>
      {visible.length === 0 ? <Text color={theme.color('gray')}>{empty}</Text> : null}
      {visible.map((row, i) => {
        const color = theme.outcome(rowOutcome(row))
        return (
          <Row
            key={row.key}
            line={lineOf(row)}
            selected={offset + i === cursor}
            {...(color ? { color } : {})}
          />
        )
      })}
    </Box>
  )
}
