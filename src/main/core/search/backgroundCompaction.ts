/**
 * The search worker's background compaction: first the word index is packed into its stored
 * form (SearchIndex.packWordsStep, in slices: ~0.5 s in all at 100k articles after a build,
 * which takes the heap from ~290 to ~160 MB, so that major collections, pauses in whatever
 * search runs then, are shorter); in a turn of its own the document records' strings move into columns
 * (SearchIndex.packRecords: a few hundred thousand objects fewer to mark); then
 * SearchIndex.compact runs in short slices between the worker's messages, so searches wait at
 * most one slice (segmentCompaction.ts says why the segments are merged). It pauses while a
 * build or sync runs, stops when the index is closed or replaced, and asks for a save when a
 * merge finished: the merged segment is used at once, but only a snapshot that names it lets
 * the next open use it and the old files go.
 */
import { createLogger } from '../log'
import type { SearchIndex } from './searchIndex'

const log = createLogger('search')

/** One slice of merging (ms): the longest a search waits behind the compaction. */
const SLICE_MS = 8
/** While a build or sync runs, the compaction checks again after this long (ms). */
const BUSY_WAIT_MS = 200

export interface CompactionHooks {
  /** False once the index was closed or replaced (closing it aborted the merge): stop. */
  isCurrent(): boolean
  /** True while a build or sync runs: wait (the segments they write go after the merged one). */
  isBusy(): boolean
  /** A merge finished: save a snapshot that names the merged segments. */
  merged(): void
}

/**
 * One step of packing the word index (SLICE_MS, like a merge slice); true when it is done or
 * failed. `work` accumulates the time spent, for the log.
 */
function packWordsSlice(index: SearchIndex, work: { ms: number; steps: number }): boolean {
  const start = performance.now()
  try {
    const state = index.packWordsStep(start + SLICE_MS)
    work.ms += performance.now() - start
    work.steps++
    if (state === 'more') return false
    if (state === 'packed')
      log.info(`packed the word index: ${work.ms.toFixed(0)} ms in ${work.steps} steps`)
    return true
  } catch (error) {
    // The map is replaced only once encoded: a failure leaves it as it was.
    log.warn('packing the word index failed; it stays decoded', error)
    return true
  }
}

function packRecords(index: SearchIndex): boolean {
  const start = performance.now()
  try {
    const packed = index.packRecords()
    if (packed > 0)
      log.info(`packed ${packed} document records in ${(performance.now() - start).toFixed(0)} ms`)
  } catch (error) {
    // The records are replaced only once the columns are built: a failure leaves them as they were.
    log.warn('packing the document records failed; they stay as they are', error)
  }
  return true
}

/**
 * Merge `index`'s segments in the background. Resolves true when a merge finished, false when
 * there was nothing to merge or it stopped (closed index, or an error, which is logged).
 */
export function compactInBackground(index: SearchIndex, hooks: CompactionHooks): Promise<boolean> {
  const before = index.stats()
  const started = performance.now()
  const wordWork = { ms: 0, steps: 0 }
  // Each returns true once done; a search that comes waits for one step at most.
  const packSteps = [
    (): boolean => packWordsSlice(index, wordWork),
    (): boolean => packRecords(index),
  ]
  return new Promise((resolve) => {
    const finish = async (): Promise<boolean> => {
      const after = index.stats()
      if (after.merges === before.merges) return false
      // The merged files reach the disk before a snapshot names them (and the old ones go).
      await index.syncMerged()
      if (!hooks.isCurrent()) return false
      log.info(
        `merged ${before.segments} posting segments into ${after.segments} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      )
      hooks.merged()
      return true
    }
    const next = (): void => {
      if (!hooks.isCurrent()) return resolve(false)
      if (hooks.isBusy()) {
        setTimeout(next, BUSY_WAIT_MS)
        return
      }
      const step = packSteps[0]
      if (step !== undefined) {
        if (step()) packSteps.shift()
        setImmediate(next)
        return
      }
      let done: boolean
      try {
        done = index.compact(performance.now() + SLICE_MS)
      } catch (error) {
        index.abortCompaction()
        log.warn('merging the search index segments failed; they stay as they are', error)
        return resolve(false)
      }
      if (!done) {
        setImmediate(next)
        return
      }
      // A failed flush or save (a full disk, say) leaves the last snapshot and its files as they were.
      finish().then(resolve, (error: unknown) => {
        log.warn('saving the search index after merging its segments failed', error)
        resolve(false)
      })
    }
    setImmediate(next)
  })
}
