/** Keeps a rendering bug in one view from taking the whole app (and the terminal) down. */
import { Text } from 'ink'
import { Component, type ReactNode } from 'react'
import { safeText } from '../../text.ts'

/** Props of ErrorBoundary: what to render, and a message shown if rendering it throws. */
export interface ErrorBoundaryProps {
  children: ReactNode
  color?: string
}

/** Shows the error in place of the view; the keys keep working, so the user can go back or quit. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, { error?: Error }> {
  override state: { error?: Error } = {}

  static getDerivedStateFromError(error: Error) {
    return { error }
  }

  override render() {
    if (this.state.error) {
      return (
        <Text color={this.props.color} wrap="truncate">
          ✖ this view failed to render: {safeText(String(this.state.error.message))} — press Esc to
          go back, q to quit
        </Text>
      )
    }
    return this.props.children
  }
}
