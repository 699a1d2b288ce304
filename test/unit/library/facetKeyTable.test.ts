/**
 * The flat facet-key columns equal the FacetKeys they were given, through replacements,
 * removals, growth and the pool's compaction.
 */
import { describe, expect, it } from 'vitest'
import type { FacetKeys } from '../../../src/main/core/library/facetColumns'
import { FacetKeyTable } from '../../../src/main/core/library/facetKeyTable'
import { mulberry32 } from '../../support/random'

function randomKeys(random: () => number): FacetKeys {
  const nodes = Int32Array.from({ length: Math.floor(random() * 7) }, () =>
    Math.floor(random() * 500),
  )
  return {
    nodes,
    source: Math.floor(random() * 40) - 2,
    author: Math.floor(random() * 90) - 2,
    month: Math.floor(random() * 30) - 1,
  }
}

function read(table: FacetKeyTable, n: number): FacetKeys {
  const { nodeStart, nodeCount, pool, source, author, month } = table.columns()
  const start = nodeStart[n] as number
  return {
    nodes: pool.slice(start, start + (nodeCount[n] as number)),
    source: source[n] as number,
    author: author[n] as number,
    month: month[n] as number,
  }
}

describe('FacetKeyTable', () => {
  it('reads back what was set through 60k random sets, clears and growth', () => {
    const random = mulberry32(7)
    const table = new FacetKeyTable(10)
    const truth = new Map<number, FacetKeys>()
    for (let step = 0; step < 60_000; step++) {
      // Mostly replacements of a few hundred numbers: the pool fills with stale entries and is
      // compacted many times; now and then a number far out, which grows the columns.
      const n = random() < 0.001 ? Math.floor(random() * 5_000) : Math.floor(random() * 300)
      if (random() < 0.1) {
        table.set(n, undefined)
        truth.delete(n)
      } else {
        const keys = randomKeys(random)
        table.set(n, keys)
        truth.set(n, keys)
      }
    }
    expect(table.size).toBeGreaterThan(300)
    for (let n = 0; n < table.size; n++) {
      const expected = truth.get(n)
      expect(table.has(n)).toBe(expected !== undefined)
      if (expected) expect(read(table, n)).toEqual(expected)
    }
  })
})
