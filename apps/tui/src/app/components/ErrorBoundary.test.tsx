import { Text } from 'ink'
import { render } from 'ink-testing-library'
import { expect, it, vi } from 'vitest'
import { ErrorBoundary } from './ErrorBoundary.tsx'

function Broken(): never {
  throw new Error('bad metadata')
}

it('shows a failing view as a message instead of crashing', () => {
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
  const { lastFrame } = render(
    <>
      <Text>title</Text>
      <ErrorBoundary>
        <Broken />
      </ErrorBoundary>
    </>,
  )
  quiet.mockRestore()
  expect(lastFrame()).toContain('title')
  expect(lastFrame()).toContain('this view failed to render: bad metadata')
})
