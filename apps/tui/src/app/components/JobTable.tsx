/** The job table: a header and only the visible rows, coloured by outcome. */
import type { JobQRow } from '@jobmeta/core'
import { Box, Text } from 'ink'
import { useMemo, useRef } from 'react'
import { columnsFor, headerLine, rowLine, rowOutcome } from '../../job-row.ts'
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
}

/** Renders the header plus `height - 1` rows around the cursor. */
export function JobTable({ rows, cursor, height, width, now, empty }: JobTableProps) {
  const theme = useTheme()
  const columns = useMemo(() => columnsFor(width), [width])
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
      {visible.map((row, i) => (
        <Text
          key={row.key}
          wrap="truncate"
          inverse={offset + i === cursor}
          color={theme.outcome(rowOutcome(row))}
        >
          {rowLine(row, columns, now)}
        </Text>
      ))}
    </Box>
  )
}
