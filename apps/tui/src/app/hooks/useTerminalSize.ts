/** The terminal size, following resizes. */
import { useStdout } from 'ink'
import { useEffect, useState } from 'react'

/** Columns and rows of the terminal. */
export interface Size {
  columns: number
  rows: number
}

/** Returns `override` when given (tests), else stdout's size, updated on 'resize'. */
export function useTerminalSize(override?: Size): Size {
  const { stdout } = useStdout()
  const read = (): Size => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 })
  const [size, setSize] = useState(read)
  useEffect(() => {
    if (override) return
    const onResize = () => setSize({ columns: stdout.columns || 80, rows: stdout.rows || 24 })
    stdout.on('resize', onResize)
    return () => {
      stdout.off('resize', onResize)
    }
  }, [stdout, override])
  return override ?? size
}
