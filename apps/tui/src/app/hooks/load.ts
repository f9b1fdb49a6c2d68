/** One load at a time for the viewer's data hooks. */

/** What a load reports: its data, its error, and that it was the latest load to end. */
export interface LoadHandlers<T> {
  /** The data arrived and no newer load aborted this one. */
  data(value: T): void
  /** The load failed and no newer load aborted this one. */
  error(err: unknown): void
  /** The load ended, whatever its outcome, and no newer load has started since. */
  done?(signal: AbortSignal): void
}

/**
 * Aborts the load held in `abort`, then runs `work` with a fresh signal and reports to `on`, unless a
 * newer load (or an unmount) aborted it meanwhile. Returns the new load's signal.
 */
export async function runLoad<T>(
  abort: { current: AbortController | undefined },
  work: (signal: AbortSignal) => Promise<T>,
  on: LoadHandlers<T>,
): Promise<AbortSignal> {
  abort.current?.abort()
  const ac = new AbortController()
  abort.current = ac
  try {
    const value = await work(ac.signal)
    if (!ac.signal.aborted) on.data(value)
  } catch (err) {
    if (!ac.signal.aborted) on.error(err)
  } finally {
    if (abort.current === ac) on.done?.(ac.signal)
  }
  return ac.signal
}
