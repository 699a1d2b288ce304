/**
 * Worker thread that runs the archive watcher (archiveWatcher.ts), so that its initial walk —
 * at 100k files ~1.5 s, with synchronous lstat calls (folderSource.ts) — and the bookkeeping of
 * later events never block the thread answering the UI. Measured through createCore on a cold
 * 100k archive with chokidar's walk (3.5 s of JavaScript) on the main thread: the first search
 * results came 0.98 s after opening without the watcher and 4.43 s with it.
 *
 * Protocol (threadedWatcher.ts is the other side): workerData = WatchThreadInput; the thread
 * posts WatchThreadMessages in order; the parent sends { type: 'close' } and waits for
 * { type: 'closed' }.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { lowerThreadPriority } from '../workers/threadPriority'
import { watchArchive } from './archiveWatcher'
import type { WatchArchiveOptions, WatchEvent, WatchMode } from './types'

export interface WatchThreadInput {
  root: string
  /** The watcher's options that can cross threads (no injected source factory). */
  options: Omit<WatchArchiveOptions, 'watchFactory'>
}

export type WatchThreadMessage =
  | { type: 'event'; event: WatchEvent; mode: WatchMode }
  /**
   * The first initial scan ended (or the root was missing). `files` = the initial files joined
   * with NUL (the one character a path cannot hold): one string crosses threads far faster
   * than 100k. `stamps`: their mtime and size (ArchiveWatcher.takeInitialStamps).
   */
  | { type: 'ready'; files: string | null; stamps: Float64Array | null; mode: WatchMode }
  | { type: 'closed' }

export type WatchThreadRequest = { type: 'close' }

const port = parentPort
if (port) {
  // Nobody waits on the initial walk: it takes spare CPU only (threadPriority.ts).
  lowerThreadPriority()
  const input = workerData as WatchThreadInput
  const watcher = watchArchive(
    input.root,
    (event) => port.postMessage({ type: 'event', event, mode: watcher.mode() }),
    input.options,
  )
  void watcher.ready.then(() => {
    const files = watcher.takeInitialFiles()
    const stamps = watcher.takeInitialStamps()
    const message: WatchThreadMessage = {
      type: 'ready',
      files: files === null ? null : files.join('\0'),
      stamps,
      mode: watcher.mode(),
    }
    port.postMessage(message, stamps ? [stamps.buffer as ArrayBuffer] : [])
  })
  port.on('message', (request: WatchThreadRequest) => {
    if (request.type !== 'close') return
    void watcher.close().then(() => {
      port.postMessage({ type: 'closed' } satisfies WatchThreadMessage)
      port.close() // nothing else keeps the thread alive (its watches are not persistent)
    })
  })
}
