/** A seeded pseudo-random number generator (mulberry32): same seed, same sequence, in [0, 1). */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An integer in [min, max] drawn from `random`. */
export function randInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

/** One element of a non-empty list, drawn from `random`. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T
}

/** One value of a weighted list `[[value, weight], ...]`, drawn from `random`. */
export function weighted<T>(random: () => number, items: readonly (readonly [T, number])[]): T {
  // Index loops, not destructuring iterators: the demo seed draws about 2,000 times at the
  // viewer's start, in code that has not been optimised yet.
  let total = 0
  for (let i = 0; i < items.length; i++) total += items[i]![1]
  let r = random() * total
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!
    r -= item[1]
    if (r < 0) return item[0]
  }
  return items[items.length - 1]![0]
}
