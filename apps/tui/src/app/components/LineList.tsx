/** A virtualised list of text lines with a highlighted cursor: only the visible slice is rendered. */
import { Box, Text } from 'ink'
import { useRef } from 'react'
import { type Line, TONE_COLORS } from '../../lines.ts'
import { clip, padEnd } from '../../text-width.ts'
import { scrollOffset } from '../scroll.ts'
import { useTheme } from '../theme-context.ts'

/** Props of LineList. */
export interface LineListProps {
  lines: readonly Line[]
  cursor: number
  height: number
  width: number
  empty?: string
}

/** Renders `height` lines around the cursor. */
export function LineList({ lines, cursor, height, width, empty }: LineListProps) {
  const theme = useTheme()
  const offsetRef = useRef(0)
  const offset = scrollOffset(cursor, offsetRef.current, height, lines.length)
  offsetRef.current = offset
  const visible = lines.slice(offset, offset + height)
  return (
    <Box flexDirection="column" height={height}>
      {visible.length === 0 && empty ? <Text color={theme.color('gray')}>{empty}</Text> : null}
      {visible.map((line, i) => {
        const index = offset + i
        const selected = index === cursor
        return (
          <Text
            key={index}
            wrap="truncate"
            inverse={selected}
            bold={line.tone === 'heading'}
            color={line.tone ? theme.color(TONE_COLORS[line.tone]) : undefined}
          >
            {selected ? padEnd(clip(line.text, width), width) : clip(line.text, width)}
          </Text>
        )
      })}
    </Box>
  )
}
