/** The `!` overlay: the whole text of the current error, or of the selected job's close reason. */
import { Box, Text } from 'ink'
import { safeBlock, safeText } from '../../text.ts'
import { useTheme } from '../theme-context.ts'

/** What the overlay shows: a title and the full text (wrapped, never cut). */
export interface ErrorTextProps {
  title: string
  text: string
  height: number
  width: number
}

/** Shows `text` wrapped in a box; any key closes it. */
export function ErrorText(props: ErrorTextProps) {
  const theme = useTheme()
  return (
    <Box
      flexDirection="column"
      height={props.height}
      width={props.width}
      borderStyle="round"
      borderColor={theme.color('red')}
      overflow="hidden"
    >
      <Text bold> {safeText(props.title)} (any key closes)</Text>
      <Text wrap="wrap">{safeBlock(props.text)}</Text>
    </Box>
  )
}
