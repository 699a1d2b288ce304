/** Sorted document-number sets (sortedSets.ts), both paths of fromUnsorted against a plain sort. */
import { describe, expect, it } from 'vitest'
import { fromUnsorted, intersect, union } from '../../../src/main/core/search/sortedSets'
import { mulberry32 } from '../../support/random'

const reference = (values: number[]): number[] => [...new Set(values)].sort((a, b) => a - b)

describe('sorted sets', () => {
  it('fromUnsorted sorts and deduplicates sparse and dense inputs alike', () => {
    const random = mulberry32(3)
    // Sizes and ranges on both sides of the dense threshold (1,024 values, range < 16× count).
    for (const [count, range] of [
      [0, 10],
      [5, 1_000_000],
      [1_023, 2_000],
      [1_024, 2_000],
      [5_000, 60_000],
      [5_000, 90_000],
      [50_000, 100_000],
    ] as const) {
      const values = Array.from({ length: count }, () => Math.floor(random() * range))
      if (count > 0) values.push(range - 1, 0, range - 1)
      expect(Array.from(fromUnsorted(values))).toEqual(reference(values))
    }
  })

  it('intersects and unites', () => {
    const a = Int32Array.of(1, 3, 5, 7, 100)
    const b = Int32Array.of(0, 3, 7, 8)
    expect(Array.from(intersect(a, b))).toEqual([3, 7])
    expect(Array.from(union(a, b))).toEqual([0, 1, 3, 5, 7, 8, 100])
  })
})
