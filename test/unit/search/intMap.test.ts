import { describe, expect, it } from 'vitest'
import { IntMap } from '../../../src/main/core/search/intMap'
import { fromUnsorted, intersect, union } from '../../../src/main/core/search/sortedSets'
import { mulberry32 } from './querySampler'

describe('IntMap', () => {
  it('agrees with a Map through growth, overwrites and clears', () => {
    const random = mulberry32(5)
    const map = new IntMap(4)
    const truth = new Map<number, number>()
    for (let i = 0; i < 20_000; i++) {
      // Bigram-like keys: many share their low 16 bits, some are negative int32.
      const key =
        ((0x4e00 + Math.floor(random() * 3000)) << 16) | (0x4e00 + Math.floor(random() * 50))
      map.set(key, i)
      truth.set(key, i)
    }
    expect(map.size).toBe(truth.size)
    for (const [key, value] of truth) expect(map.get(key)).toBe(value)
    expect(map.get(12345)).toBe(-1)
    expect(map.get(12345, 0)).toBe(0)
    const seen: number[] = []
    map.forEach((key) => seen.push(key))
    expect(seen).toEqual([...truth.keys()])
    map.clear()
    expect(map.size).toBe(0)
    expect(map.get([...truth.keys()][0] as number)).toBe(-1)
    expect(() => map.set(0, 1)).toThrow(/not be 0/)
  })
})

describe('sorted sets', () => {
  it('intersect, unite and deduplicate', () => {
    const a = fromUnsorted([5, 1, 3, 3, 9])
    const b = fromUnsorted([3, 4, 9, 10])
    expect(Array.from(a)).toEqual([1, 3, 5, 9])
    expect(Array.from(intersect(a, b))).toEqual([3, 9])
    expect(Array.from(union(a, b))).toEqual([1, 3, 4, 5, 9, 10])
  })
})
