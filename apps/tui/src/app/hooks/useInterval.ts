/** Calls the latest `fn` every `ms` while `active`. */
import { useEffect, useRef } from 'react'

/** Runs `fn` every `ms` milliseconds while `active` is true (the latest `fn` is always used). */
export function useInterval(fn: () => void, ms: number, active: boolean): void {
  const ref = useRef(fn)
  ref.current = fn
  useEffect(() => {
    if (!active) return
    const t = setInterval(() => ref.current(), ms)
    return () => clearInterval(t)
  }, [ms, active])
}
