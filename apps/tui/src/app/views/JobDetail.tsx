/** The job detail view: a header (key, spider, state, outcome, version), tabs, and the tab's lines. */
import { type JobMetadata, outcomeOf } from '@jobmeta/core'
import { Box, Text } from 'ink'
import { outcomeTone } from '../../detail-lines.ts'
import { type Line, TONE_COLORS } from '../../lines.ts'
import { LineList } from '../components/LineList.tsx'
import { useTheme } from '../theme-context.ts'

/** The detail tabs. */
export type Tab = 'overview' | 'stats' | 'json'
/** Tabs in Tab-key order. */
export const TABS: Tab[] = ['overview', 'stats', 'json']

/** Props of JobDetail. */
export interface JobDetailProps {
  jobKey: string
  meta?: JobMetadata
  tab: Tab
  lines: readonly Line[]
  cursor: number
  height: number
  width: number
  statsFilter: string
  /** Loading failed (the status line says why). */
  failed?: boolean
}

/** Header line, tab bar and the scrollable content of the current tab. */
export function JobDetail(props: JobDetailProps) {
  const theme = useTheme()
  const m = props.meta
  const outcome = m ? outcomeOf(m) : undefined
  const tone = outcome ? outcomeTone(outcome) : undefined
  const statsCount = m?.scrapystats ? Object.keys(m.scrapystats).length : 0
  const tabs: [Tab, string][] = [
    ['overview', 'Overview'],
    ['stats', `Stats (${statsCount})${props.statsFilter ? ` /${props.statsFilter}` : ''}`],
    ['json', 'JSON'],
  ]
  const empty = !m
    ? props.failed
      ? 'could not load this job (see below)'
      : 'loading…'
    : props.tab === 'stats'
      ? props.statsFilter
        ? `no stats match "${props.statsFilter}"`
        : 'no Scrapy stats for this job'
      : ''
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text bold>{props.jobKey}</Text>
        {m ? (
          <>
            {`  ${m.spider ?? '-'}  `}
            <Text color={tone ? theme.color(TONE_COLORS[tone]) : undefined}>
              {`${m.state}${outcome && outcome !== m.state ? ` · ${outcome}` : ''}`}
            </Text>
            {m.close_reason !== undefined ? `  (${m.close_reason})` : ''}
            {m.version !== undefined ? `  version ${m.version}` : ''}
          </>
        ) : null}
      </Text>
      <Text wrap="truncate">
        {tabs.map(([t, label]) => (
          <Text key={t} inverse={t === props.tab} bold={t === props.tab}>
            {` ${label} `}
          </Text>
        ))}
      </Text>
      <LineList
        lines={props.lines}
        cursor={props.cursor}
        height={props.height}
        width={props.width}
        empty={empty}
      />
    </Box>
  )
}
