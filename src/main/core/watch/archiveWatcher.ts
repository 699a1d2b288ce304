import { realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import type { Stats } from 'node:fs'
import { createLogger } from '../log'
import { isArticleFileName, isIgnoredRelativePath, isWatchedArticle } from './articleFiles'
import { BatchScheduler } from './batchScheduler'
import { ChangeCoalescer } from './coalescer'
import { createWatchSource } from './source'
import type { WatchFactory, WatchSource, WatchSourceOptions } from './source'
import type { ArchiveWatcher, WatchArchiveOptions, WatchEvent, WatchMode } from './types'

const log = createLogger('watch')

const DEFAULT_DEBOUNCE_MS = 150
const DEFAULT_MAX_WAIT_MS = 1000
const DEFAULT_POLL_INTERVAL_MS = 2000
const DEFAULT_ROOT_CHECK_MS = 1000

const WATCH_LIMIT_MESSAGE =
  'The system ran out of file watchers, so the archive is now checked by polling (slower, uses more CPU). ' +
  'On Linux raise the limit with `echo fs.inotify.max_user_watches=524288 | sudo tee -a /etc/sysctl.conf && sudo sysctl -p` ' +
  '(for EMFILE also raise `ulimit -n`), then reopen the archive.'

/** A relative id that climbs out of the root (chokidar's polling also reports the root's ancestors). */
function isOutside(id: string): boolean {
  return id === '..' || id.startsWith('../') || path.isAbsolute(id)
}

type State = 'starting' | 'watching' | 'missing' | 'closed'

interface RootIdentity {
  dev: number
  ino: number
}

/** Two numbers per id (mtimeMs, size), NaN where the walk gave no stats. */
function stampsOf(ids: readonly string[], stats: ReadonlyMap<string, Stats>): Float64Array {
  const stamps = new Float64Array(ids.length * 2).fill(Number.NaN)
  ids.forEach((id, i) => {
    const found = stats.get(id)
    if (!found) return
    stamps[2 * i] = found.mtimeMs
    stamps[2 * i + 1] = found.size
  })
  return stamps
}

/**
 * Watches an archive folder and reports debounced, coalesced batches of article changes.
 *
 * - Its events come from a WatchSource (source.ts): our own per-folder fs.watch (folderSource.ts),
 *   or chokidar's polling when `usePolling` or after the system ran out of watches. Symlinks are
 *   not followed, so symlink loops cannot trap it. A symlinked article file is reported as the
 *   link itself.
 * - The initial scan seeds the set of known files (no batch); later add/change/unlink events go
 *   through ChangeCoalescer, cut into batches by BatchScheduler.
 * - Root gone (an unlinkDir of the root, or the 1 s stat finds it missing or replaced by another
 *   folder): the pending batch is dropped, the source closed, 'root-missing' emitted; when the
 *   folder is back a fresh source starts and 'root-restored' follows its scan.
 * - ENOSPC/EMFILE in native mode: one 'degraded', restart in polling mode, then 'resync' (the
 *   consumer rescans; events during the switch are not replayed one by one).
 */
export function watchArchive(
  root: string,
  onEvent: (event: WatchEvent) => void,
  options: WatchArchiveOptions = {},
): ArchiveWatcher {
  const rootPath = path.resolve(root)
  const factory: WatchFactory = options.watchFactory ?? createWatchSource
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS
  const coalescer = new ChangeCoalescer()
  const scheduler = new BatchScheduler(emitBatch, {
    debounceMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
    maxWaitMs: options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS,
  })

  /** The folder the source watches: the root's real path (a symlinked root would be a file to it). */
  let watchPath = rootPath
  let mode: WatchMode = options.usePolling ? 'polling' : 'native'
  let state = 'starting' as State
  let source: WatchSource | null = null
  /** Bumped whenever a source is retired, so its late events are ignored. */
  let generation = 0
  let sourceReady = false
  let abandonStart: (() => void) | null = null
  let rootIdentity: RootIdentity | null = null
  let degradedReported = false
  let checking = false
  /** The first initial scan's files: undefined until then, null once taken. */
  let initialFiles: string[] | null | undefined
  /** Their mtime and size (see takeInitialStamps), gathered from the walk's stats. */
  let initialStamps: Float64Array | null = null
  let walkStamps: Map<string, Stats> | null = new Map()
  let resolveReadyPromise: () => void = () => {}
  const ready = new Promise<void>((resolve) => (resolveReadyPromise = resolve))
  /** Ready without a finished scan (root missing, start failed, closed): no initial files then. */
  const resolveReady = (): void => {
    if (initialFiles === undefined && state !== 'watching') initialFiles = null
    resolveReadyPromise()
  }

  function emit(event: WatchEvent): void {
    if (state === 'closed') return
    try {
      onEvent(event)
    } catch (error) {
      log.error(`the watch event handler threw on '${event.type}'`, error)
    }
  }

  function emitBatch(): void {
    if (state !== 'watching') return
    const batch = coalescer.takeBatch()
    if (batch.upserted.length > 0 || batch.removed.length > 0) emit({ type: 'batch', batch })
  }

  // Sources hand over paths under watchPath as watchPath + sep + rest: slicing them is the
  // common case. path.relative resolves both paths on every call, and at 100k files (each met
  // twice: ignored, then add) it was a third of the main thread's time during the initial walk.
  function toId(absolute: string): string {
    // watchPath becomes the real path once the watcher starts: derived per call.
    const underRoot = watchPath.endsWith(path.sep) ? watchPath : watchPath + path.sep
    const relative =
      absolute.startsWith(underRoot) && !absolute.includes(`${path.sep}..`)
        ? absolute.slice(underRoot.length)
        : path.relative(watchPath, absolute)
    return path.sep === '/' ? relative : relative.split(path.sep).join('/')
  }

  function isIgnored(absolute: string, stats?: Stats): boolean {
    const id = toId(absolute)
    if (id === '' || isOutside(id)) return false // the root and its ancestors
    if (isIgnoredRelativePath(id)) return true
    // Without stats the entry may be a folder, which must be walked; with stats, non-articles go.
    const isFileLike = stats !== undefined && (stats.isFile() || stats.isSymbolicLink())
    if (isFileLike && !isArticleFileName(path.basename(absolute))) return true
    if (walkStamps && !sourceReady && stats?.isFile()) walkStamps.set(id, stats)
    return false
  }

  function sourceOptions(): WatchSourceOptions {
    return { mode, ignored: isIgnored, pollIntervalMs }
  }

  function handle(gen: number, event: string, absolute: string): void {
    if (gen !== generation || state === 'closed') return
    const id = toId(absolute)
    if (id === '') {
      if (event === 'unlinkDir') goMissing('the archive folder was removed')
      return
    }
    if (isOutside(id)) return
    switch (event) {
      case 'add':
        if (!isWatchedArticle(id)) return
        if (sourceReady) {
          coalescer.upsert(id)
          scheduler.notify()
        } else coalescer.seed(id)
        return
      case 'change':
        if (!isWatchedArticle(id)) return
        coalescer.upsert(id)
        if (sourceReady) scheduler.notify()
        return
      case 'unlink':
        if (!isWatchedArticle(id)) return
        coalescer.remove(id)
        if (sourceReady) scheduler.notify()
        return
      case 'unlinkDir':
        coalescer.removeDir(id)
        if (sourceReady) scheduler.notify()
        return
      default:
        return // addDir: its files arrive as 'add'
    }
  }

  function handleError(gen: number, error: unknown): void {
    if (gen !== generation || state === 'closed') return
    const code = (error as NodeJS.ErrnoException | null)?.code
    const message = error instanceof Error ? error.message : String(error)
    if ((code === 'ENOSPC' || code === 'EMFILE') && mode === 'native') {
      log.warn(`watch limit reached (${code}); switching to polling`, message)
      if (!degradedReported) {
        degradedReported = true
        emit({ type: 'degraded', code: 'WATCH_LIMIT', message: `${WATCH_LIMIT_MESSAGE} (${code})` })
      }
      mode = 'polling'
      retireSource()
      void startSource().then((ok) => {
        if (ok) emit({ type: 'resync' })
      })
      return
    }
    log.warn('watcher error', message)
    emit({ type: 'error', message: `watch: ${message}` })
  }

  /** Stops the current source; its pending start (if any) resolves false. */
  function retireSource(): void {
    generation++
    sourceReady = false
    scheduler.cancel()
    coalescer.clear()
    abandonStart?.()
    abandonStart = null
    const old = source
    source = null
    if (old) {
      old.close().catch((error: unknown) => log.warn('closing a watch source failed', error))
    }
  }

  /** Starts a source; resolves true once its initial scan is done and it is still current. */
  function startSource(): Promise<boolean> {
    if (state === 'closed') return Promise.resolve(false)
    const gen = generation
    state = 'starting'
    let watcher: WatchSource
    try {
      watcher = factory(watchPath, sourceOptions())
    } catch (error) {
      log.error('could not start the watcher', error)
      state = 'missing' // the periodic root check retries
      resolveReady()
      emit({
        type: 'error',
        message: `watch: ${error instanceof Error ? error.message : String(error)}`,
      })
      return Promise.resolve(false)
    }
    source = watcher
    watcher.on('all', (event, absolute) => handle(gen, event, absolute))
    watcher.on('error', (error) => handleError(gen, error))
    return new Promise<boolean>((resolve) => {
      abandonStart = () => resolve(false)
      watcher.on('ready', () => {
        if (gen !== generation || state === 'closed') return
        abandonStart = null
        sourceReady = true
        state = 'watching'
        if (initialFiles === undefined) {
          initialFiles = coalescer.knownIds()
          initialStamps = stampsOf(initialFiles, walkStamps ?? new Map())
        }
        walkStamps = null
        if (coalescer.pendingCount > 0) scheduler.notify() // changes seen during the scan
        resolveReady()
        resolve(true)
      })
    })
  }

  function goMissing(reason: string): void {
    if (state === 'missing' || state === 'closed') return
    log.info(`${reason}: ${rootPath}`)
    retireSource()
    state = 'missing'
    rootIdentity = null
    resolveReady()
    emit({ type: 'root-missing', root: rootPath })
  }

  async function statRoot(): Promise<RootIdentity | null> {
    try {
      const info = await stat(rootPath)
      return info.isDirectory() ? { dev: info.dev, ino: info.ino } : null
    } catch {
      return null
    }
  }

  async function resolveWatchPath(): Promise<void> {
    watchPath = await realpath(rootPath).catch(() => rootPath)
  }

  async function restore(identity: RootIdentity): Promise<void> {
    rootIdentity = identity
    state = 'starting' // keeps checkRoot and a racing restore out while the real path resolves
    await resolveWatchPath()
    if (await startSource()) emit({ type: 'root-restored', root: rootPath })
  }

  /** The periodic check: catches a root renamed away or replaced, and notices it coming back. */
  async function checkRoot(): Promise<void> {
    if (checking || state === 'closed' || state === 'starting') return
    checking = true
    try {
      const identity = await statRoot()
      if (state === 'watching') {
        if (!identity) goMissing('the archive folder is gone')
        else if (
          rootIdentity &&
          (identity.ino !== rootIdentity.ino || identity.dev !== rootIdentity.dev)
        )
          goMissing('the archive folder was replaced by another folder')
      } else if (state === 'missing' && identity) {
        await restore(identity)
      }
    } finally {
      checking = false
    }
  }

  const rootTimer = setInterval(
    () => void checkRoot(),
    options.rootCheckMs ?? DEFAULT_ROOT_CHECK_MS,
  )
  rootTimer.unref()

  /** A function, not an inline test: TypeScript would keep the narrowing across awaits. */
  const isClosed = () => state === 'closed'

  void (async () => {
    const identity = await statRoot()
    if (isClosed()) return
    if (!identity) {
      state = 'missing'
      resolveReady()
      emit({ type: 'root-missing', root: rootPath })
      return
    }
    rootIdentity = identity
    await resolveWatchPath()
    if (isClosed()) return
    await startSource()
  })()

  return {
    ready,
    mode: () => mode,
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
    async close() {
      if (state === 'closed') return
      clearInterval(rootTimer)
      const old = source
      retireSource()
      state = 'closed'
      resolveReady()
      if (old) await old.close().catch(() => undefined)
    },
  }
}
