import type { WatchFactory } from './source'

export interface WatchBatch {
  /** Article files (relative ids, '/' separators) created or modified since the last batch, coalesced. */
  upserted: string[]
  /** Article files removed since the last batch (a rename shows as removed + upserted; the consumer matches content hashes). */
  removed: string[]
}

export type WatchEvent =
  | { type: 'batch'; batch: WatchBatch }
  /** The archive folder was deleted, renamed or replaced while open. No batches until it returns. */
  | { type: 'root-missing'; root: string }
  /** It came back and is watched again: the consumer rescans the whole folder. */
  | { type: 'root-restored'; root: string }
  /** inotify ran out of watches or descriptors (ENOSPC/EMFILE): the watcher switched to polling. A 'resync' follows. */
  | { type: 'degraded'; code: 'WATCH_LIMIT'; message: string }
  /** Changes may have been missed (the watcher restarted, e.g. after 'degraded'): rescan the whole folder. */
  | { type: 'resync' }
  | { type: 'error'; message: string }

export type WatchMode = 'native' | 'polling'

export interface ArchiveWatcher {
  /** Resolves once the initial scan is done (or the root was found missing, or the watcher closed). Never rejects. */
  ready: Promise<void>
  /** Stops watching, drops any batch not yet emitted, releases every handle and timer. */
  close(): Promise<void>
  mode(): WatchMode
  /**
   * The article files the first initial scan found (after `ready`), handed over once: later
   * calls return null. The consumer compares them with what it listed itself, since a file
   * created or deleted while both walked the folder may be known to one side only (and the
   * watcher reports no deletion of a file it never knew). Null when the root was missing.
   */
  takeInitialFiles(): string[] | null
  /**
   * The initial files' modification time and size as the walk saw them: two numbers per file,
   * in takeInitialFiles' order (NaN: not known). Taken once, null afterwards. With them the
   * session also finds the files edited between its own read and the watcher's start.
   */
  takeInitialStamps(): Float64Array | null
}

export interface WatchArchiveOptions {
  /** Quiet period before a batch is emitted. Default 150 ms. */
  debounceMs?: number
  /** Longest time a change waits in an open batch during a continuous burst. Default 1000 ms. */
  maxWaitMs?: number
  /** Start in polling mode (network drives). Default false. */
  usePolling?: boolean
  /** Polling period. Default 2000 ms (polling stats every file each period, so it is not cheap). */
  pollIntervalMs?: number
  /** How often the root folder is stat'ed to notice it vanished or came back. Default 1000 ms. */
  rootCheckMs?: number
  /** Where raw events come from (source.ts); tests inject scripted or failing sources. */
  watchFactory?: WatchFactory
}
