/**
 * What an ArchiveSession (archiveSession.ts) tells its listener, and how it is opened.
 */
import type { ArticleSummary, ScannedArticle } from '../../../shared/types/article'
import type { ReadOptions } from '../archive/options'
import type { WatchArchiveOptions } from '../watch'
import type { CatalogChange } from './catalogDiff'

export type SessionStatus = 'scanning' | 'ready' | 'missing' | 'closed'

export interface SessionListener {
  /**
   * An article read by the first scan or by a rescan. The first scan's have their text only
   * while wantsScannedText says so ('' otherwise): the catalog keeps summaries only.
   */
  onScanned?(article: ScannedArticle): void
  /** Asked per batch of the first scan: whether its articles should keep their text. */
  wantsScannedText?(): boolean
  /** Scan progress; `total` is 0 until the folder listing is complete. */
  onProgress?(progress: { read: number; total: number; done: boolean }): void
  /** One watcher batch (or rescan) applied. */
  onChange?(change: CatalogChange): void
  onStatus?(status: SessionStatus, message?: string): void
  onWarning?(message: string): void
  /**
   * The catalog is complete for the first time: from the snapshot (before its verification,
   * whose differences follow as a change) or at the end of the first scan. Called once.
   */
  onCatalogReady?(summaries: ArticleSummary[], from: 'snapshot' | 'scan'): void
  /** How the open went: from a snapshot (and what its verification read) or not, and why. */
  onOpened?(report: OpenReport): void
}

export interface OpenReport {
  fromSnapshot: boolean
  /** Why the snapshot was not used (no snapshot folder, none saved, corrupt, other options). */
  reason?: string
  /** Files read and parsed (a full scan: all of them; a verification: new and changed ones). */
  read: string[]
  /** Snapshot summaries kept because the file's size and mtime were unchanged. */
  unchanged: number
  removed: number
}

export interface SessionOptions {
  read?: Partial<ReadOptions>
  /** Watch the folder for changes (default true). */
  watch?: boolean
  watchOptions?: WatchArchiveOptions
  /**
   * Resolves when the watcher may start, asked once the first load is done (default: at
   * once). With `CoreOptions.watchStart: 'pause'` the app waits for a pause in the user's
   * requests, for a costly initial walk (polling). Changes made meanwhile are found when the
   * watcher is ready (watcherReconcile.ts).
   */
  watchWhen?: () => Promise<void>
  listener?: SessionListener
  signal?: AbortSignal
  /** Folder of the catalog snapshot (the archive's data folder); none: every open scans. */
  snapshotDir?: string
  /** Read the snapshot but never save one (another process owns the folder). */
  snapshotReadOnly?: boolean
  /** Wait (ms) after a change before the snapshot is saved again (default 2 minutes). */
  snapshotDelayMs?: number
}
