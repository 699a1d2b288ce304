import { describe, expect, it } from 'vitest'
import { log2Binomial } from '../../bench/searchSize'

/** Exact log2 C(n, k) by the product formula, for small n. */
function exact(n: number, k: number): number {
  let sum = 0
  for (let i = 1; i <= k; i++) sum += Math.log2(n - k + i) - Math.log2(i)
  return sum
}

describe('search-size bench: the positions floor', () => {
  it('computes log2 C(n, k) exactly for small n and within 1e-6 where it switches to Stirling', () => {
    expect(log2Binomial(5, 2)).toBeCloseTo(Math.log2(10), 9)
    expect(log2Binomial(9, 0)).toBeCloseTo(0, 9)
    for (const [n, k] of [
      [9, 4],
      [10, 3],
      [12, 6],
      [40, 20],
      [1000, 7],
    ] as const)
      expect(Math.abs(log2Binomial(n, k) - exact(n, k))).toBeLessThan(1e-6)
  })

  it('stays precise at the sizes of a 100k archive (T ≈ 3.2e8 positions)', () => {
    const T = 323_000_000
    // C(T, 1) = T; C(T, 2) = T (T − 1) / 2.
    expect(log2Binomial(T, 1)).toBeCloseTo(Math.log2(T), 4)
    expect(log2Binomial(T, 2)).toBeCloseTo(Math.log2(T) + Math.log2(T - 1) - 1, 4)
  })
})
