/** The job detail view: a header (key, spider, state, outcome, version), tabs, and the tab's lines. */
import { type JobMetadata, outcomeOf } from '@jobmeta/core'
import { Box, Text } from 'ink'
import { type Line, ODD_MARK, outcomeTone, TONE_COLORS } from '../../lines.ts'
import { safeText, safeValue } from '../../text.ts'
import { LineList } from '../components/LineList.tsx'
import type { Tab } from '../state.ts'
import { useTheme } from '../theme-context.ts'

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
  /** Number of values of unexpected type in the job (marked in the overview). */
  oddCount?: number
}

/** Header line, tab bar and the scrollable content of the current tab. */
export function JobDetail(props: JobDetailProps) {
  const theme = useTheme()
  const m = props.meta
  const outcome = m ? outcomeOf(m) : undefined
  const tone = outcome ? outcomeTone(outcome) : undefined
  const stats = m?.scrapystats
  const statsCount =
    stats && typeof stats === 'object' && !Array.isArray(stats) ? Object.keys(stats).length : 0
  const odd = props.oddCount ?? 0
  const tabs: [Tab, string][] = [
    ['overview', odd ? `Overview ${ODD_MARK} ${odd} unexpected` : 'Overview'],
    [
      'stats',
      `Stats (${statsCount})${props.statsFilter ? ` /${safeText(props.statsFilter)}` : ''}`,
    ],
    ['json', 'JSON'],
  ]
  const empty = !m
    ? props.failed
      ? 'could not load this job (see below)'
      : 'loading…'
    : props.tab === 'stats'
      ? props.statsFilter
        ? `no stats match "${safeText(props.statsFilter)}"`
        : 'no Scrapy stats for this job'
      : ''
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text bold>{safeText(props.jobKey)}</Text>
        {m ? (
          <>
            {`  ${m.spider === undefined ? '-' : safeValue(m.spider)}  `}
            <Text color={tone ? theme.color(TONE_COLORS[tone]) : undefined}>
              {`${safeValue(m.state)}${outcome && outcome !== m.state ? ` · ${outcome}` : ''}`}
            </Text>
            {m.close_reason !== undefined ? `  (${safeValue(m.close_reason)})` : ''}
            {m.version !== undefined ? `  version ${safeValue(m.version)}` : ''}
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
