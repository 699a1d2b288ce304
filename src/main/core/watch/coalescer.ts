import type { WatchBatch } from './types'

/**
 * Pure bookkeeping for one watcher: which article files are known to exist, and which paths
 * changed since the last batch. No timers, no file system: the watcher feeds it events and asks
 * for a batch when its quiet period ends, so the coalescing rules are testable on their own.
 *
 * A batch is the difference between the state at the previous batch and now, per path:
 * - existed before and exists now (touched) → upserted (edit, unlink+add, temp-file rename over it)
 * - existed before, gone now → removed
 * - did not exist before, exists now → upserted (add, add+change)
 * - did not exist before, gone now → nothing (add+unlink of a short-lived file)
 */
export class ChangeCoalescer {
  /** Known article files grouped by their folder id ('' = root), so a removed folder is cheap to expand. */
  readonly #filesByDir = new Map<string, Set<string>>()
  /** Paths touched since the last batch → whether they existed at the last batch. */
  readonly #pending = new Map<string, boolean>()
  #knownCount = 0

  /** A file found by the initial scan: known, but not news. */
  seed(id: string): void {
    this.#addKnown(id)
  }

  /** `add` or `change`. */
  upsert(id: string): void {
    this.#touch(id)
    this.#addKnown(id)
  }

  /** `unlink`. A path never seen is ignored (a source may report children after their folder). */
  remove(id: string): void {
    if (!this.isKnown(id) && !this.#pending.has(id)) return
    this.#touch(id)
    this.#deleteKnown(id)
  }

  /** `unlinkDir`: every known file under the folder is removed ('' = the whole root). */
  removeDir(dirId: string): void {
    const prefix = dirId === '' ? '' : `${dirId}/`
    const dirs = [...this.#filesByDir.keys()].filter(
      (dir) => prefix === '' || dir === dirId || dir.startsWith(prefix),
    )
    for (const dir of dirs) {
      for (const id of [...(this.#filesByDir.get(dir) ?? [])]) this.remove(id)
    }
  }

  isKnown(id: string): boolean {
    return this.#filesByDir.get(dirOf(id))?.has(id) ?? false
  }

  get knownCount(): number {
    return this.#knownCount
  }

  get pendingCount(): number {
    return this.#pending.size
  }

  /** All known files, in no particular order. */
  knownIds(): string[] {
    const all: string[] = []
    for (const files of this.#filesByDir.values()) for (const id of files) all.push(id)
    return all
  }

  /** All known files, sorted (tests and diagnostics). */
  knownFiles(): string[] {
    const all: string[] = []
    for (const files of this.#filesByDir.values()) all.push(...files)
    return all.sort()
  }

  /** The changes since the last batch (sorted), and start a new window. */
  takeBatch(): WatchBatch {
    const upserted: string[] = []
    const removed: string[] = []
    for (const [id, existedBefore] of this.#pending) {
      if (this.isKnown(id)) upserted.push(id)
      else if (existedBefore) removed.push(id)
    }
    this.#pending.clear()
    return { upserted: upserted.sort(), removed: removed.sort() }
  }

  /** Forget everything (the watcher restarts and the consumer rescans). */
  clear(): void {
    this.#filesByDir.clear()
    this.#pending.clear()
    this.#knownCount = 0
  }

  #touch(id: string): void {
    if (!this.#pending.has(id)) this.#pending.set(id, this.isKnown(id))
  }

  #addKnown(id: string): void {
    const dir = dirOf(id)
    let files = this.#filesByDir.get(dir)
    if (!files) this.#filesByDir.set(dir, (files = new Set()))
    if (!files.has(id)) {
      files.add(id)
      this.#knownCount++
    }
  }

  #deleteKnown(id: string): void {
    const dir = dirOf(id)
    const files = this.#filesByDir.get(dir)
    if (files?.delete(id)) {
      this.#knownCount--
      if (files.size === 0) this.#filesByDir.delete(dir)
    }
  }
}

function dirOf(id: string): string {
  const slash = id.lastIndexOf('/')
  return slash < 0 ? '' : id.slice(0, slash)
}
