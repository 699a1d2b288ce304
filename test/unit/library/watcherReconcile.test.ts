/**
 * The comparison of the watcher's initial files with the catalog: the common case (the same set)
 * is answered without a walk, and at 100k ids it gives the event loop turns instead of holding
 * the thread that answers searches for 65–75 ms.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  reconcileWithWatcher,
  type CatalogStamp,
} from '../../../src/main/core/library/watcherReconcile'
import { articleText, makeTempDir, removeDir, writeTree } from '../../support/tempDir'

const STAMP: CatalogStamp = { mtimeMs: 1_000, size: 10 }
const known = (ids: string[]): Map<string, CatalogStamp> => new Map(ids.map((id) => [id, STAMP]))

/** A catalog whose lookups cost `ms` each, as a large map's do on a busy thread. */
function slowCatalog(
  ids: readonly string[],
  ms: number,
  lookups = { count: 0 },
): ReadonlyMap<string, CatalogStamp> {
  const map = new Map<string, CatalogStamp>(ids.map((id) => [id, STAMP]))
  return new Proxy(map, {
    get(target, property) {
      if (property === 'get')
        return (id: string) => {
          lookups.count++
          const until = performance.now() + ms
          while (performance.now() < until);
          return target.get(id)
        }
      const value = Reflect.get(target, property, target) as unknown
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value
    },
  })
}

describe('reconcileWithWatcher', () => {
  let root: string
  beforeEach(async () => {
    root = await makeTempDir()
    await writeTree(root, {
      'a.md': articleText({ title: 'A' }),
      'b.md': articleText({ title: 'B' }),
      'c.md': articleText({ title: 'C' }),
    })
  })
  afterEach(async () => {
    await removeDir(root)
  })

  it('answers null when the watcher saw the catalog’s files', async () => {
    const catalog = known(['a.md', 'b.md', 'c.md'])
    const signal = new AbortController().signal
    expect(await reconcileWithWatcher(root, catalog, ['c.md', 'a.md', 'b.md'], signal)).toBeNull()
  })

  it('lists the folder again when the two disagree, and follows the folder', async () => {
    // The catalog missed c.md and still has gone.md; the watcher missed b.md's creation.
    const catalog = known(['a.md', 'b.md', 'gone.md'])
    const signal = new AbortController().signal
    expect(await reconcileWithWatcher(root, catalog, ['a.md', 'c.md', 'gone.md'], signal)).toEqual({
      added: ['c.md'],
      gone: ['gone.md'],
      changed: [],
    })
  })

  it('finds the files whose modification time or size the walk saw differ', async () => {
    const catalog = known(['a.md', 'b.md', 'c.md'])
    const signal = new AbortController().signal
    // a.md as read; b.md another mtime; c.md another size; NaN (no stats) counts as unchanged.
    const stamps = Float64Array.from([1_000, 10, 2_000, 10, 1_000, 11, Number.NaN, Number.NaN])
    const watched = ['a.md', 'b.md', 'c.md']
    expect(await reconcileWithWatcher(root, catalog, watched, signal, stamps)).toEqual({
      added: [],
      gone: [],
      changed: ['b.md', 'c.md'],
    })
    const unknown = Float64Array.from([1_000, 10, Number.NaN, Number.NaN, 1_000, 10])
    expect(await reconcileWithWatcher(root, catalog, watched, signal, unknown)).toBeNull()
  })

  it('compares a large set in slices, letting the event loop run', async () => {
    const ids = Array.from({ length: 6_000 }, (_, i) => `folder/${i}.md`)
    // 5 µs a lookup: ~30 ms in all.
    const catalog = slowCatalog(ids, 0.005)
    let ticks = 0
    let ticking = true
    const tick = (): void => {
      ticks++
      if (ticking) setImmediate(tick)
    }
    setImmediate(tick)
    const result = await reconcileWithWatcher(root, catalog, ids, new AbortController().signal)
    ticking = false
    expect(result).toBeNull()
    expect(ticks).toBeGreaterThanOrEqual(4)
  })

  it('stops comparing when the session closes', async () => {
    const ids = Array.from({ length: 6_000 }, (_, i) => `folder/${i}.md`)
    const lookups = { count: 0 }
    const controller = new AbortController()
    const catalog = slowCatalog(ids, 0.005, lookups)
    const comparing = reconcileWithWatcher(root, catalog, ids, controller.signal)
    controller.abort()
    expect(await comparing).toBeNull()
    expect(lookups.count).toBeLessThan(ids.length / 2)
  })
})
