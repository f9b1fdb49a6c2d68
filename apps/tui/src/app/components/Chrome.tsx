/** The fixed parts of the screen: title bar, DEMO notice, status line and footer (all text sanitised). */
import { Box, Text } from 'ink'
import { safeText } from '../../text.ts'
import { clip, textWidth } from '../../text-width.ts'
import { useTheme } from '../theme-context.ts'

/** Title bar: app name, DEMO marker, project and the refresh state on the right. */
export function TitleBar(props: { demo: boolean; title: string; right: string; width: number }) {
  const theme = useTheme()
  const left = ' jobmeta '
  const demo = ' DEMO '
  const title = safeText(props.title)
  const used = left.length + (props.demo ? demo.length : 0) + textWidth(title) + 2
  const right = clip(props.right, Math.max(0, props.width - used - 1))
  return (
    <Box width={props.width}>
      <Text bold color={theme.color('cyan')}>
        {left}
      </Text>
      {props.demo ? (
        <Text inverse bold color={theme.color('yellow')}>
          {demo}
        </Text>
      ) : null}
      <Text wrap="truncate"> {title}</Text>
      <Box flexGrow={1} />
      <Text color={theme.color('gray')} wrap="truncate">
        {right}
      </Text>
    </Box>
  )
}

/** The line explaining demo mode and how to use a real key. */
export function DemoNotice(props: { width: number }) {
  const theme = useTheme()
  return (
    <Text color={theme.color('yellow')} wrap="truncate">
      {clip(
        'DEMO: no API key, built-in emulator with simulated jobs. Real data: jobmeta --apikey KEY or export SH_APIKEY=KEY',
        props.width,
      )}
    </Text>
  )
}

/** What the status line shows, in order of priority. */
export type Status =
  | { kind: 'prompt'; label: string; value: string; hint?: string }
  | { kind: 'error'; message: string; hint: string }
  | { kind: 'flash'; text: string }
  | { kind: 'info'; text: string }

/** The status line: a prompt, an error with what to do next, a confirmation, or plain info. */
export function StatusLine(props: { status: Status; width: number }) {
  const theme = useTheme()
  const s = props.status
  if (s.kind === 'prompt') {
    return (
      <Text wrap="truncate">
        <Text bold color={theme.color('cyan')}>
          {s.label}
        </Text>
        {safeText(s.value)}
        <Text inverse> </Text>
        {s.hint ? <Text color={theme.color('gray')}>{safeText(s.hint)}</Text> : null}
      </Text>
    )
  }
  if (s.kind === 'error') {
    return (
      <Text wrap="truncate" color={theme.color('red')}>
        {clip(`✖ ${s.message} — ${s.hint}`, props.width)}
      </Text>
    )
  }
  if (s.kind === 'flash') {
    return (
      <Text wrap="truncate" color={theme.color('green')}>
        {clip(`✔ ${s.text}`, props.width)}
      </Text>
    )
  }
  return (
    <Text wrap="truncate" color={theme.color('gray')}>
      {clip(s.text, props.width)}
    </Text>
  )
}

/** The footer with the main keys of the view (built to fit by keys.ts's footerFor). */
export function Footer(props: { text: string; width: number }) {
  const theme = useTheme()
  return (
    <Text wrap="truncate" color={theme.color('gray')}>
      {clip(props.text, props.width)}
    </Text>
  )
}
