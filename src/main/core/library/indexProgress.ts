/**
 * The figures of the progress bar (files read, indexed, total) and when it is done. Three
 * things must have ended: the session's scan (first scan, snapshot verification, or the rescan
 * after the folder came back), the index's build or sync, and every catalog change handed to
 * the index since. The renderer hides the bar only on `done`, so a `done` that never comes
 * leaves it on screen: deciding it from the scan and the index alone did, when a rescan found
 * changes (the index applied them later and reported nothing), and figures went stale too
 * (indexed 36 of total 1 after the folder was deleted and recreated with one file).
 */
import type { IndexProgress } from '../../../shared/contract/api'
import type { IndexProgressEvent } from '../../../shared/contract/events'

export class IndexProgressTracker {
  readonly figures: IndexProgress = { read: 0, indexed: 0, total: 0 }
  private scanDone = false
  /** The index's build or sync has ended: from then on its size after a change is `indexed`. */
  private indexSynced = false
  /** Catalog changes handed to the index and not yet applied. */
  private pendingChanges = 0
  private lastSentDone = false

  constructor(private readonly emit: (event: IndexProgressEvent) => void) {}

  /** The session's scan: `read` files of the `total` listed; `done` when it has ended. */
  scanned(read: number, total: number, done: boolean): void {
    this.figures.read = read
    this.figures.total = total
    this.scanDone = done
    this.send()
  }

  /** The index's build or sync: its size so far; `done` when it is up to date. */
  indexed(indexed: number, done: boolean): void {
    this.figures.indexed = indexed
    if (done) {
      this.indexSynced = true
      this.figures.total = Math.max(this.figures.total, indexed)
    }
    this.send()
  }

  /**
   * A catalog change went to the index; `applied` resolves with the index's size after it
   * (null when unknown). `articles`: the catalog's size after a change outside any scan (a
   * watcher batch), which the figures follow; a scan sets them itself when it ends.
   */
  changeSent(applied: Promise<number | null>, articles: number | null): void {
    this.pendingChanges++
    if (articles !== null) this.figures.read = this.figures.total = articles
    void applied.then((size) => {
      this.pendingChanges--
      if (size !== null && this.indexSynced) this.figures.indexed = size
      // Only while the bar shows: a live edit once all is done needs no event.
      if (!this.lastSentDone) this.send()
    })
  }

  private send(): void {
    const done = this.scanDone && this.indexSynced && this.pendingChanges === 0
    this.lastSentDone = done
    this.emit({ type: 'index-progress', ...this.figures, done })
  }
}
