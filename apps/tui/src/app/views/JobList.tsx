/** The job list view: the filter bar above the virtualised job table. */
import { JOB_STATES, type JobQRow, type JobState, type Outcome } from '@jobmeta/core'
import { Box, Text } from 'ink'
import type { SortKey } from '../../list-query.ts'
import { safeText } from '../../text.ts'
import { JobTable } from '../components/JobTable.tsx'
import { sortLabel, type TimeRange } from '../state.ts'
import { useTheme } from '../theme-context.ts'

/** Props of JobList. */
export interface JobListProps {
  rows: readonly JobQRow[]
  cursor: number
  height: number
  width: number
  now: number
  states: readonly JobState[]
  spider?: string
  tag?: string
  outcome: readonly Outcome[]
  range: TimeRange
  sort?: SortKey | undefined
  text: string
  loading: boolean
  /** Loading failed (the status line says why). */
  failed?: boolean
}

/** The filter bar's text: states, outcome, time, sort, spider, tag, text. */
export function filterBar(
  p: Omit<JobListProps, 'rows' | 'cursor' | 'height' | 'width' | 'now' | 'loading'>,
) {
  const boxes = JOB_STATES.map((s, i) => `${i + 1}[${p.states.includes(s) ? 'x' : ' '}]${s}`).join(
    ' ',
  )
  const parts = [
    boxes,
    `outcome: ${p.outcome.length ? p.outcome.join(',') : 'any'}`,
    `time: ${p.range.label}`,
    `sort: ${sortLabel(p.sort)}`,
    `spider: ${p.spider ?? 'any'}`,
    `tag: ${p.tag ?? 'any'}`,
  ]
  if (p.text) parts.push(`/${p.text}`)
  return parts.join(' │ ')
}

/** The filter bar and the table below it. */
export function JobList(props: JobListProps) {
  const theme = useTheme()
  return (
    <Box flexDirection="column">
      <Text wrap="truncate" color={theme.color('blue')}>
        {safeText(filterBar(props))}
      </Text>
      <JobTable
        rows={props.rows}
        cursor={props.cursor}
        height={props.height}
        width={props.width}
        now={props.now}
        inProject
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
