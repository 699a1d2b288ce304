/**
 * The archive watcher of a running app: the same watcher (archiveWatcher.ts) in a worker thread
 * (watchThread.ts), behind the same ArchiveWatcher interface. Only its batches cross to this
 * thread, one message each.
 *
 * If the thread dies (a bug, or it could not start), the watcher falls back to running here: an
 * 'error' event says so, and once the fallback's initial scan is done a 'resync' asks the
 * consumer to rescan, since changes may have been missed meanwhile. An injected source factory
 * (tests) cannot cross threads, so with one the watcher runs here from the start.
 */
import type { Worker } from 'node:worker_threads'
import { createLogger } from '../log'
import { startWorker } from '../workers/workerEntry'
import { watchArchive } from './archiveWatcher'
import type { ArchiveWatcher, WatchArchiveOptions, WatchEvent, WatchMode } from './types'
import type { WatchThreadInput, WatchThreadMessage, WatchThreadRequest } from './watchThread'

const log = createLogger('watch')

export interface ThreadedWatchOptions extends WatchArchiveOptions {
  /** Starts the thread (tests pass one that fails); default: the watchThread entry. */
  startThread?: (input: WatchThreadInput) => Worker
}

const CLOSE_WAIT_MS = 2000

function splitIds(joined: string | null): string[] | null {
  if (joined === null) return null
  return joined === '' ? [] : joined.split('\0')
}

function defaultThread(input: WatchThreadInput): Worker {
  return startWorker('watchWorker', 'watch/watchThread.ts', { workerData: input })
}

export function watchArchiveInThread(
  root: string,
  onEvent: (event: WatchEvent) => void,
  options: ThreadedWatchOptions = {},
): ArchiveWatcher {
  const { startThread = defaultThread, watchFactory, ...threadOptions } = options
  if (watchFactory) return watchArchive(root, onEvent, options)

  let closed = false
  let mode: WatchMode = threadOptions.usePolling ? 'polling' : 'native'
  let initialFiles: string[] | null | undefined
  let initialStamps: Float64Array | null = null
  let resolveReady: () => void = () => {}
  const ready = new Promise<void>((resolve) => (resolveReady = resolve))
  let fallback: ArchiveWatcher | null = null
  let resolveClosed: () => void = () => {}
  const threadClosed = new Promise<void>((resolve) => (resolveClosed = resolve))
  let closing: Promise<void> | null = null

  const emit = (event: WatchEvent): void => {
    if (closed) return
    try {
      onEvent(event)
    } catch (error) {
      log.error(`the watch event handler threw on '${event.type}'`, error)
    }
  }

  /** The thread is gone while the watcher should run: watch from this thread instead. */
  function fallBack(reason: string): void {
    resolveClosed()
    if (closed || fallback) return
    log.error(`the watcher thread stopped (${reason}); watching from the main thread`)
    emit({ type: 'error', message: `the watcher thread stopped (${reason}); watching continues` })
    const firstStart = initialFiles === undefined
    fallback = watchArchive(root, emit, threadOptions)
    void fallback.ready.then(() => {
      if (closed || !fallback) return
      mode = fallback.mode()
      const files = fallback.takeInitialFiles() // taken either way: nobody else will
      const stamps = fallback.takeInitialStamps()
      if (firstStart) {
        initialFiles = files
        initialStamps = stamps
        resolveReady()
      } else emit({ type: 'resync' })
    })
  }

  let thread: Worker
  try {
    thread = startThread({ root, options: threadOptions })
  } catch (error) {
    fallBack(error instanceof Error ? error.message : String(error))
    return facade()
  }
  thread.on('message', (message: WatchThreadMessage) => {
    switch (message.type) {
      case 'event':
        mode = message.mode
        emit(message.event)
        return
      case 'ready':
        mode = message.mode
        if (initialFiles === undefined) {
          initialFiles = splitIds(message.files)
          initialStamps = message.stamps
        }
        resolveReady()
        return
      case 'closed':
        resolveClosed()
        return
    }
  })
  // Like its watches (persistent: false), the watcher alone does not keep the process alive.
  thread.unref()
  thread.on('error', (error) => fallBack(error.message))
  thread.on('exit', (code) => {
    if (closed) resolveClosed()
    else fallBack(`exit code ${code}`)
  })

  function facade(): ArchiveWatcher {
    return {
      ready,
      mode: () => fallback?.mode() ?? mode,
      takeInitialFiles() {
        const files = initialFiles ?? null
        if (initialFiles !== undefined) initialFiles = null
        return files
      },
      takeInitialStamps() {
        const stamps = initialStamps
        initialStamps = null
        return stamps
      },
      close() {
        closing ??= closeOnce()
        return closing
      },
    }
  }

  async function closeOnce(): Promise<void> {
    closed = true
    resolveReady()
    if (fallback) {
      await fallback.close()
      return
    }
    thread.postMessage({ type: 'close' } satisfies WatchThreadRequest)
    // The source's close releases every handle; should it ever hang, the thread is ended anyway.
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))
    await Promise.race([threadClosed, timeout])
    clearTimeout(timer)
    await thread.terminate()
  }
  return facade()
}
