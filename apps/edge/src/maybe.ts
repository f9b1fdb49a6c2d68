/** Values ready now or later: cache hits stay synchronous, so the Node adapter answers them in the same tick. */

/** A value, or a promise of it. */
export type MaybePromise<T> = T | Promise<T>

/** Applies f to v at once when v is ready, else once it resolves. */
export function andThen<T, U>(v: MaybePromise<T>, f: (v: T) => MaybePromise<U>): MaybePromise<U> {
  return v instanceof Promise ? v.then(f) : f(v)
}
