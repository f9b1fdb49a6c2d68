/** A clock that re-renders every `everyMs` (for "updated Ns ago" and running times). */
import { useEffect, useState } from 'react'

/** Current time in ms, refreshed every `everyMs`. */
export function useNow(clock: () => number, everyMs = 1000): number {
  const [now, setNow] = useState(clock)
  useEffect(() => {
    const t = setInterval(() => setNow(clock()), everyMs)
    return () => clearInterval(t)
  }, [clock, everyMs])
  return now
}
