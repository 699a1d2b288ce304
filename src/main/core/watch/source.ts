/**
 * Where the archive watcher's raw events come from: one WatchSource per start, chosen by mode.
 *
 * - native: FolderWatchSource (folderSource.ts), one fs.watch per folder, seeded by its own walk.
 * - polling: chokidar's polling backend, for network drives and after inotify ran out of watches.
 *
 * Both speak chokidar's vocabulary ('all' with add/change/unlink/addDir/unlinkDir and an
 * absolute path, then 'ready' after the initial walk, 'error'), so archiveWatcher.ts handles
 * them alike and tests can script either.
 */
import type { Stats } from 'node:fs'
import { watch as chokidarWatch } from 'chokidar'
import { FolderWatchSource } from './folderSource'
import type { WatchMode } from './types'

export type SourceEventName = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir'

/**
 * Called for every entry before it is walked or reported. Without stats the entry may be a
 * folder; with them the watcher also learns each initial file's mtime and size.
 */
export type IgnoreFilter = (absolute: string, stats?: Stats) => boolean

export interface WatchSource {
  on(event: 'all', listener: (event: SourceEventName, absolute: string) => void): unknown
  on(event: 'ready', listener: () => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  close(): Promise<void>
}

export interface WatchSourceOptions {
  mode: WatchMode
  ignored: IgnoreFilter
  /** Polling period (polling mode only). */
  pollIntervalMs: number
}

/** Creates the source the archive watcher listens to. Tests inject one that fails with ENOSPC. */
export type WatchFactory = (root: string, options: WatchSourceOptions) => WatchSource

export const createWatchSource: WatchFactory = (root, options) => {
  if (options.mode === 'native') return new FolderWatchSource(root, options.ignored)
  return chokidarWatch(root, {
    ignoreInitial: false, // the initial adds seed the known-file set (needed for unlinkDir)
    followSymlinks: false,
    atomic: false, // the coalescer already merges unlink+add; atomic would only add latency
    persistent: false,
    ignored: options.ignored,
    backend: 'polling',
    pollingInterval: options.pollIntervalMs,
    pollingBinaryInterval: options.pollIntervalMs,
  })
}
