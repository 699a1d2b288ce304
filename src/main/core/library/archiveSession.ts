/**
 * One open archive, kept live: the first scan streams articles in, then the
 * watcher's batches re-read only what changed. It owns the catalog of article
 * summaries (the list the UI pages through) and tells its listener about every
 * article read and every change, so the search index can follow.
 *
 * Batches are applied one at a time, in order; batches that arrive during the
 * first scan wait for it, and the files they name are read again afterwards, so
 * a change made mid-scan is never lost.
 *
 * With a snapshot folder, the catalog is saved there (catalogSnapshot.ts) after the first
 * scan, a while after changes, and on close; the next open fills the catalog from it at
 * once, then verifies it: every file is stat'ed, and only new files and files whose size or
 * mtime differ are read. What differs is reported as one change, like a rescan's.
 */
import type { Article, ArticleSummary, ScannedArticle } from '../../../shared/types/article'
import { createLogger } from '../log'
import { openArchiveRoot, scanArchive } from '../archive/scan'
import { readArticle } from '../archive/readArticle'
import { toScanned, toSummary } from '../archive/parseArticle'
import { resolveReadOptions, type ReadOptions } from '../archive/options'
import type { WalkWarning } from '../archive/walk'
import { watchArchiveInThread, type ArchiveWatcher, type WatchEvent } from '../watch'
import { diffCatalog, matchRenames, type CatalogChange } from './catalogDiff'
import {
  loadCatalogSnapshot,
  saveCatalogSnapshot,
  snapshotKey,
  type LoadedSnapshot,
} from './catalogSnapshot'
import { RevisionLog } from '../revisionLog'
import { checkCatalog, readChanged } from './verifyCatalog'
import { reconcileWithWatcher } from './watcherReconcile'

export type { CatalogChange }

const log = createLogger('library')

export type { OpenReport, SessionListener, SessionOptions, SessionStatus } from './sessionTypes'
import type { SessionListener, SessionOptions, SessionStatus } from './sessionTypes'

const DEFAULT_SNAPSHOT_DELAY_MS = 2 * 60_000
/** Changed ids remembered for changedSince: a live archive changes a few files at a time. */
const CHANGE_LOG_IDS = 4096

export class ArchiveSession {
  readonly root: string
  private readonly catalog = new Map<string, ArticleSummary>()
  /** Bumped on every change of the catalog: lets callers keep columns derived from it. */
  private catalogRevision = 0
  /** Ids changed per revision by watcher batches and rescans (scans are not itemised). */
  private readonly changeLog = new RevisionLog<string>(CHANGE_LOG_IDS)
  private readonly readOptions: ReadOptions

  /** The zone its dates are read and its days and months counted in (ReadOptions.timeZone). */
  get timeZone(): string {
    return this.readOptions.timeZone
  }
  private readonly listener: SessionListener
  private watcher: ArchiveWatcher | null = null
  private statusValue: SessionStatus = 'scanning'
  /** Serialises scans and batches: each step waits for the previous one. */
  private queue: Promise<void> = Promise.resolve()
  private readonly abort = new AbortController()
  private readonly snapshotDir: string | undefined
  /** Where the snapshot is saved: `snapshotDir`, unless another process owns it. */
  private readonly saveDir: string | undefined
  private readonly snapshotDelayMs: number
  /** The catalog has been complete once (scan or verified snapshot): only then is it saved. */
  private complete = false
  /** The catalog changed since the snapshot was last saved (or loaded). */
  private unsaved = false
  private saveTimer: NodeJS.Timeout | null = null
  /** Saves in order, one at a time. */
  private saving: Promise<void> = Promise.resolve()

  private constructor(root: string, options: SessionOptions) {
    this.root = root
    this.readOptions = resolveReadOptions(options.read)
    this.listener = options.listener ?? {}
    this.snapshotDir = options.snapshotDir
    this.saveDir = options.snapshotReadOnly ? undefined : options.snapshotDir
    this.snapshotDelayMs = options.snapshotDelayMs ?? DEFAULT_SNAPSHOT_DELAY_MS
    options.signal?.addEventListener('abort', () => this.abort.abort(), { once: true })
  }

  /**
   * Opens the archive: checks the folder (throws ApiError when it cannot be used),
   * starts watching, and starts the first scan. `scanned` resolves when it ends.
   */
  static async open(
    path: string,
    options: SessionOptions = {},
  ): Promise<{ session: ArchiveSession; scanned: Promise<void> }> {
    const root = await openArchiveRoot(path)
    const session = new ArchiveSession(root, options)
    // Loaded before the watcher starts, whose initial walk of the folder would compete with it;
    // a change made meanwhile is found by the snapshot's verification, which runs after.
    const snapshot = session.snapshotDir
      ? loadCatalogSnapshot(session.snapshotDir, snapshotKey(session.readOptions))
      : null
    const loaded = session.enqueue(() => session.firstLoad(snapshot))
    if (options.watch === false) return { session, scanned: loaded }
    // The watcher starts after the first load, or later when `watchWhen` says (a pause);
    // once its walk is done, what it found is compared with the catalog (reconcileWithWatcher),
    // and only then is the session live.
    const live = (async (): Promise<ArchiveWatcher | null> => {
      await loaded
      await (options.watchWhen?.() ?? Promise.resolve())
      if (session.abort.signal.aborted) return null
      const watcher = watchArchiveInThread(
        root,
        (event) => session.onWatchEvent(event),
        options.watchOptions,
      )
      session.watcher = watcher
      await watcher.ready
      const files = watcher.takeInitialFiles()
      const stamps = watcher.takeInitialStamps()
      if (files) void session.enqueue(() => session.reconcileWithWatcher(files, stamps))
      return watcher
    })()
    const scanned = live.then(() => session.settled())
    return { session, scanned }
  }

  get status(): SessionStatus {
    return this.statusValue
  }

  get size(): number {
    return this.catalog.size
  }

  /** Changes whenever an article is added, changed or removed (never goes back). */
  get revision(): number {
    return this.catalogRevision
  }

  /** Ids added, changed or removed since `revision`; null when no longer known (see RevisionLog). */
  changedSince(revision: number): string[] | null {
    return this.changeLog.since(revision)
  }

  summaries(): IterableIterator<ArticleSummary> {
    return this.catalog.values()
  }

  get(id: string): ArticleSummary | undefined {
    return this.catalog.get(id)
  }

  /** Reads one article in full (body and text), fresh from disk. */
  async readFull(id: string): Promise<Article> {
    return readArticle(this.root, id, this.readOptions)
  }

  /** Resolves once every scan and batch queued so far has been applied. */
  async settled(): Promise<void> {
    await this.queue
  }

  /** Forces a full rescan (menu "Reload archive"); changes are reported as one CatalogChange. */
  rescan(): Promise<void> {
    return this.enqueue(() => this.fullScan())
  }

  async close(): Promise<void> {
    this.abort.abort()
    this.setStatus('closed')
    await this.watcher?.close()
    this.watcher = null
    await this.queue.catch(() => undefined)
    if (this.saveTimer) clearTimeout(this.saveTimer)
    this.saveTimer = null
    this.saveSnapshot()
    await this.saving
  }

  /** Writes the snapshot now if the catalog is complete and changed since the last one. */
  private saveSnapshot(): void {
    const dir = this.saveDir
    if (!dir || !this.complete || !this.unsaved) return
    this.unsaved = false
    // Copied now: the catalog may change while the previous save is still writing.
    const summaries = [...this.catalog.values()]
    const key = snapshotKey(this.readOptions)
    this.saving = this.saving.then(async () => {
      try {
        await saveCatalogSnapshot(dir, key, summaries)
      } catch (error) {
        this.unsaved = true
        log.warn(`saving the catalog snapshot of ${this.root} failed`, error)
      }
    })
  }

  /** Saves a while after a change: at most once per delay, never on the path of a change. */
  private scheduleSnapshot(): void {
    if (!this.saveDir || this.saveTimer || this.abort.signal.aborted) return
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null
      this.saveSnapshot()
    }, this.snapshotDelayMs)
    this.saveTimer.unref()
  }

  /** The first step of a session: the snapshot verified, or else a full scan. */
  private async firstLoad(loaded: LoadedSnapshot | null): Promise<void> {
    let reason = 'no snapshot folder'
    if (loaded) {
      if ('summaries' in loaded) {
        await this.verifySnapshot(loaded.summaries)
        return
      }
      reason = loaded.reason
      log.info(`catalog snapshot of ${this.root} not used: ${reason}; scanning every file`)
    }
    const read: string[] = []
    await this.fullScan((id) => read.push(id))
    if (this.complete)
      this.listener.onOpened?.({ fromSnapshot: false, reason, read, unchanged: 0, removed: 0 })
  }

  /**
   * Lists the snapshot at once, then stats every file: unchanged ones keep their summary, new
   * and changed ones are read, missing ones removed; the difference is one CatalogChange.
   */
  private async verifySnapshot(summaries: ArticleSummary[]): Promise<void> {
    this.setStatus('scanning')
    for (const summary of summaries) this.catalog.set(summary.id, summary)
    this.catalogRevision++
    this.changeLog.forgetBefore(this.catalogRevision)
    const size = this.catalog.size
    this.listener.onProgress?.({ read: size, total: size, done: false })
    this.listener.onCatalogReady?.(summaries, 'snapshot')
    const onWarning = (warning: WalkWarning) => this.listener.onWarning?.(warning.message)
    const signal = this.abort.signal
    const { unchanged, toRead, listed } = await checkCatalog(this.root, this.catalog, {
      signal,
      onWarning,
    })
    if (signal.aborted) return
    const { changed, read } = await readChanged(this.root, this.catalog, toRead, unchanged, {
      ...this.readOptions,
      signal,
      onWarning,
    })
    if (signal.aborted) return
    const change = diffCatalog(this.catalog, changed, unchanged)
    this.applyChange(change)
    this.complete = true
    this.saveSnapshot()
    this.listener.onOpened?.({
      fromSnapshot: true,
      read,
      unchanged: unchanged.size,
      removed: change.removed.length,
    })
    this.listener.onProgress?.({ read: listed, total: listed, done: true })
    this.setStatus('ready')
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.abort.signal.aborted) return
      try {
        await step()
      } catch (error) {
        log.error('applying a change failed', error)
        this.listener.onWarning?.(`library: ${(error as Error).message}`)
      }
    })
    this.queue = run
    return run
  }

  private setStatus(status: SessionStatus, message?: string): void {
    if (this.statusValue === status) return
    this.statusValue = status
    this.listener.onStatus?.(status, message)
  }

  private onWatchEvent(event: WatchEvent): void {
    switch (event.type) {
      case 'batch':
        void this.enqueue(() => this.applyBatch(event.batch.upserted, event.batch.removed))
        return
      case 'root-missing':
        this.setStatus(
          'missing',
          `The archive folder ${this.root} was moved or deleted. Its articles stay listed until it comes back.`,
        )
        return
      case 'root-restored':
      case 'resync':
        void this.enqueue(() => this.fullScan())
        return
      case 'degraded':
        this.listener.onWarning?.(event.message)
        return
      case 'error':
        this.listener.onWarning?.(`watch: ${event.message}`)
        return
    }
  }

  /**
   * First scan, or a rescan after the folder came back: every file is read; the
   * catalog is replaced by what is on disk now, and the difference is reported.
   */
  private async fullScan(onRead?: (id: string) => void): Promise<void> {
    this.setStatus('scanning')
    const firstScan = !this.complete
    // On a rescan only changed articles are kept in full; unchanged ones are just ticked off,
    // so a rescan of 100k files does not hold 100k texts.
    const changed = new Map<string, ScannedArticle>()
    const unchanged = new Set<string>()
    let read = 0
    let total = 0
    const onWarning = (warning: WalkWarning) => this.listener.onWarning?.(warning.message)
    for await (const article of scanArchive(this.root, {
      ...this.readOptions,
      // The first scan fills the catalog, which keeps summaries only; texts go along only while
      // the listener wants them (the search index's head start). A rescan reports changed
      // articles, whose text the index needs.
      withText: firstScan ? () => this.listener.wantsScannedText?.() === true : true,
      signal: this.abort.signal,
      onWarning,
      onListed: (count: number) => {
        total = count
      },
    })) {
      read++
      onRead?.(article.id)
      if (firstScan) {
        this.catalog.set(article.id, toSummary(article))
        this.catalogRevision++
        this.changeLog.forgetBefore(this.catalogRevision)
        this.listener.onScanned?.(article)
      } else {
        const known = this.catalog.get(article.id)
        if (known && known.hash === article.hash && known.mtimeMs === article.mtimeMs)
          unchanged.add(article.id)
        else changed.set(article.id, article)
      }
      if (read % 200 === 0) this.listener.onProgress?.({ read, total, done: false })
    }
    if (this.abort.signal.aborted) return
    if (!firstScan) this.applyChange(diffCatalog(this.catalog, changed, unchanged))
    else {
      this.complete = true
      this.unsaved = true
      this.listener.onCatalogReady?.([...this.catalog.values()], 'scan')
      this.saveSnapshot()
    }
    this.listener.onProgress?.({ read, total: Math.max(total, read), done: true })
    this.setStatus('ready')
  }

  /** See watcherReconcile.ts: files created, deleted or edited before the watcher watched. */
  private async reconcileWithWatcher(
    watched: string[],
    stamps: Float64Array | null,
  ): Promise<void> {
    if (!this.complete) return // the first load was cancelled; nothing to compare with
    const { root, catalog, abort } = this
    const differ = await reconcileWithWatcher(root, catalog, watched, abort.signal, stamps)
    if (!differ) return
    const count = differ.added.length + differ.gone.length + differ.changed.length
    log.info(`${count} file(s) changed while opening`)
    await this.applyBatch([...differ.added, ...differ.changed], differ.gone)
  }

  private async applyBatch(upsertedIds: string[], removedIds: string[]): Promise<void> {
    const fresh = new Map<string, ScannedArticle>()
    for (const id of upsertedIds) {
      if (this.abort.signal.aborted) return
      const article = await readArticle(this.root, id, this.readOptions)
      // A file that vanished again before we read it is a removal, not an article with an issue.
      if (article.issues.some((issue) => issue.code === 'FILE_VANISHED')) {
        if (this.catalog.has(id)) removedIds.push(id)
        continue
      }
      const known = this.catalog.get(id)
      if (known && known.hash === article.hash && known.mtimeMs === article.mtimeMs) continue
      fresh.set(id, toScanned(article))
    }
    const removed = removedIds.filter((id) => this.catalog.has(id) && !fresh.has(id))
    if (fresh.size === 0 && removed.length === 0) return
    this.applyChange(matchRenames(this.catalog, [...fresh.values()], removed))
  }

  private applyChange(change: CatalogChange): void {
    if (change.upserted.length === 0 && change.removed.length === 0) return
    for (const id of change.removed) this.catalog.delete(id)
    for (const article of change.upserted) this.catalog.set(article.id, toSummary(article))
    this.catalogRevision++
    this.changeLog.add(this.catalogRevision, [
      ...change.removed,
      ...change.upserted.map((article) => article.id),
    ])
    this.unsaved = true
    this.scheduleSnapshot()
    this.listener.onChange?.(change)
  }
}
