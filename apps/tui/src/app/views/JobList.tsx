/** The job list view: the filter bar above the virtualised job table. */
import type { JobQRow, JobState } from '@jobmeta/core'
import { Box, Text } from 'ink'
import { safeText } from '../../text.ts'
import { JobTable } from '../components/JobTable.tsx'
import { useTheme } from '../theme-context.ts'

/** States in toggle-key order (1..4). */
export const STATE_ORDER: JobState[] = ['pending', 'running', 'finished', 'deleted']

/** Props of JobList. */
export interface JobListProps {
  rows: readonly JobQRow[]
  cursor: number
  height: number
  width: number
  now: number
  states: JobState[]
  spider?: string
  tag?: string
  text: string
  loading: boolean
  /** Loading failed (the status line says why). */
  failed?: boolean
}

/** The filter bar (states, spider, tag, text) and the table below it. */
export function JobList(props: JobListProps) {
  const theme = useTheme()
  const boxes = STATE_ORDER.map(
    (s, i) => `${i + 1}[${props.states.includes(s) ? 'x' : ' '}]${s}`,
  ).join(' ')
  const bar = `states ${boxes} │ spider: ${props.spider ?? 'any'} │ tag: ${props.tag ?? 'any'}${props.text ? ` │ /${props.text}` : ''}`
  return (
    <Box flexDirection="column">
      <Text wrap="truncate" color={theme.color('blue')}>
        {safeText(bar)}
      </Text>
      <JobTable
        rows={props.rows}
        cursor={props.cursor}
        height={props.height}
        width={props.width}
        now={props.now}
        empty={
          props.loading
            ? 'loading…'
            : props.failed
              ? 'could not load the jobs (see below)'
              : 'no jobs match (0 resets the filters)'
        }
      />
    </Box>
  )
}
