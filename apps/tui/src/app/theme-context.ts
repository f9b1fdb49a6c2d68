/** React context carrying the colour theme (NO_COLOR aware). */
import { createContext, useContext } from 'react'
import { createTheme, type Theme } from '../theme.ts'

/** The theme context; defaults to colours on. */
export const ThemeContext = createContext<Theme>(createTheme(true))

/** The current theme. */
export function useTheme(): Theme {
  return useContext(ThemeContext)
}
