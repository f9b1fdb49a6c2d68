/** The help overlay: every key of the current view. */
import { Box, Text } from 'ink'
import { bindingsFor, type ViewName } from '../keys.ts'
import { useTheme } from '../theme-context.ts'

const TITLES: Record<ViewName, string> = {
  list: 'job list',
  spiders: 'spiders',
  overview: 'job detail: overview',
  stats: 'job detail: Scrapy stats',
  json: 'job detail: raw JSON',
}

/** Lists the bindings of `view` in two columns when they do not fit in one. */
export function Help(props: { view: ViewName; height: number; width: number }) {
  const theme = useTheme()
  const bindings = bindingsFor(props.view)
  const maxPerColumn = Math.max(1, props.height - 3)
  const perColumn = Math.ceil(bindings.length / Math.ceil(bindings.length / maxPerColumn))
  const columns: (typeof bindings)[] = []
  for (let i = 0; i < bindings.length; i += perColumn)
    columns.push(bindings.slice(i, i + perColumn))
  const colWidth = Math.floor((props.width - 2) / Math.max(1, columns.length))
  return (
    <Box
      flexDirection="column"
      height={props.height}
      borderStyle="round"
      borderColor={theme.color('cyan')}
    >
      <Text bold> Keys — {TITLES[props.view]} (any key closes)</Text>
      <Box>
        {columns.map((col) => (
          <Box key={col[0]?.label ?? ''} flexDirection="column" width={colWidth}>
            {col.map((b) => (
              <Text key={`${b.label}-${b.action}`} wrap="truncate">
                {' '}
                <Text bold color={theme.color('yellow')}>
                  {b.label.padEnd(14)}
                </Text>
                {b.help}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  )
}
