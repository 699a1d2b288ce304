/**
 * The worker's background compaction (backgroundCompaction.ts): it waits while the worker is
 * busy, packs the word index and the document records once before any merge slice, merges in slices, flushes the merged
 * files before asking for a save, and stops when its index is no longer current.
 */
import { describe, expect, it } from 'vitest'
import { compactInBackground } from '../../../src/main/core/search/backgroundCompaction'
import type { SearchIndex, SearchIndexStats } from '../../../src/main/core/search/searchIndex'

/**
 * A SearchIndex that records the calls compaction makes; `slices` compact calls to finish,
 * `packSteps` packWordsStep calls (0: nothing to pack).
 */
function fakeIndex(slices: number, packSteps = 1): { index: SearchIndex; calls: string[] } {
  const calls: string[] = []
  let merges = 0
  let left = slices
  let packing = packSteps
  const stats = (): SearchIndexStats =>
    ({ segments: left > 0 ? 3 : 1, merges }) as unknown as SearchIndexStats
  const index = {
    stats,
    packWordsStep: () => {
      calls.push('pack')
      if (packSteps === 0) return 'nothing'
      return --packing > 0 ? 'more' : 'packed'
    },
    packRecords: () => {
      calls.push('records')
      return 0
    },
    compact: () => {
      calls.push('compact')
      left--
      if (left === 0) merges++
      return left <= 0
    },
    abortCompaction: () => calls.push('abort'),
    syncMerged: async () => {
      calls.push('sync')
    },
  } as unknown as SearchIndex
  return { index, calls }
}

describe('background compaction', () => {
  it('waits while busy, packs the words in steps, merges in slices, then syncs and asks for a save', async () => {
    const { index, calls } = fakeIndex(3, 3)
    let busy = 2
    const merged: string[] = []
    const done = await compactInBackground(index, {
      isCurrent: () => true,
      isBusy: () => {
        const now = busy > 0
        if (now) calls.push('busy')
        busy--
        return now
      },
      merged: () => merged.push('merged'),
    })
    expect(done).toBe(true)
    expect(calls).toEqual([
      'busy',
      'busy',
      'pack',
      'pack',
      'pack',
      'records',
      'compact',
      'compact',
      'compact',
      'sync',
    ])
    expect(merged).toEqual(['merged'])
  })

  it('packs even when there is nothing to merge or packing fails, and stops when the index is replaced', async () => {
    const idle = fakeIndex(1, 0)
    // compact() finds nothing to merge at once: no merge counted, no sync, no save asked.
    idle.index.compact = () => (idle.calls.push('compact'), true)
    // A failed packing is logged and left behind: the merge still runs.
    idle.index.packRecords = () => {
      idle.calls.push('records')
      throw new RangeError('Invalid string length')
    }
    let saves = 0
    const hooks = { isCurrent: () => true, isBusy: () => false, merged: () => saves++ }
    expect(await compactInBackground(idle.index, hooks)).toBe(false)
    expect(idle.calls).toEqual(['pack', 'records', 'compact'])
    expect(saves).toBe(0)

    const replaced = fakeIndex(5)
    let current = 3
    const stopped = await compactInBackground(replaced.index, {
      ...hooks,
      isCurrent: () => current-- > 0,
    })
    expect(stopped).toBe(false)
    // The index is checked before each step: packing the words, the records, each slice.
    expect(replaced.calls).toEqual(['pack', 'records', 'compact'])
    expect(saves).toBe(0)
  })
})
