/**
 * The search side of the engine as the library sees it. The index lives on its
 * own worker thread (worker.ts) with its postings and text in files under the
 * archive's data folder, so neither the memory nor the minutes of a 100k-article
 * build land on the thread that answers the UI.
 *
 * Open: the worker loads the snapshot of the archive's index at once (searches answer from
 * it within seconds), then waits for the library's catalog: its own snapshot, listed at once on
 * a reopen (library/catalogSnapshot.ts), or else its first scan. That catalog (size, mtime,
 * hash per file) is compared with the index's, and only files that differ are read again
 * (`sync`); on a reopen the two snapshots usually agree and nothing is read, and what the
 * library's verification finds changed on disk follows as changes, with the text it read.
 * Without a usable snapshot (missing, corrupt, older format, other read
 * options: the reason is logged) the worker builds from the folder — after the library's
 * scan, not beside it: on two cores the two scans fought for the CPU and the list took 37 s
 * instead of 11 s at 100k articles. A cold index still answers from the first second: the
 * scan's articles go to it while the list fills, as far as it keeps up (scanFeed.ts), and the
 * sync after the list reads only the files it did not take. The watcher's changes follow as add/remove messages,
 * which the worker handles between the build's steps. The snapshot is saved after a build
 * or sync, after a quiet period following changes, and on close (a build interrupted by
 * closing is kept and completed by the next open's sync). Ids cross the thread as numbers
 * (compactSearch.ts), the list filter as a byte per number, and facets are counted here over
 * every match from interned keys (library/facetColumns.ts).
 */
import path from 'node:path'
import type { SearchRequest, SearchResponse } from '../../../shared/contract/api'
import type { ScannedArticle } from '../../../shared/types/article'
import { ApiError } from '../../../shared/errors'
import type { ReadOptions } from '../archive/options'
import { createLogger } from '../log'
import { FacetColumns } from '../library/facetColumns'
import type { LibraryService } from '../library/libraryService'
import { archiveDataDir } from '../state/paths'
import type { ArchiveLease } from '../state/archiveLock'
import {
  cannotWrite,
  messageOf,
  openIndexIn,
  removePrivateFolder,
  type IndexPlace,
} from './indexPlace'
import { createSearchWorkerClient, type SearchBuild, type SearchWorkerClient } from './client'
import { metaOf, type FileEntry } from './fileCatalog'
import { HostIdTable } from './hostIds'
import { searchOnHost } from './hostSearch'
import { ScanFeed } from './scanFeed'
import { WARM_UP_ROUNDS, warmUpQueries } from './warmUp'
import type { FiledArticle, WorkerOpenResult } from './workerProtocol'

const log = createLogger('search')
/**
 * Quiet time after the last change (or the end of a build) before the snapshot is saved. A save
 * costs ~3-4 s at 100k articles, during which the worker answers nothing, so it waits for a
 * pause instead of following every batch; but never longer than SAVE_MAX_WAIT_MS after the
 * first unsaved change.
 */
const DEFAULT_SAVE_QUIET_MS = 30_000
const SAVE_MAX_WAIT_MS = 5 * 60_000

export type {
  SearchPort,
  SearchServiceOptions,
  SearchTiming,
  SyncReport,
} from './searchServiceTypes'
import type { SearchPort, SearchServiceOptions, SyncReport } from './searchServiceTypes'

function filed(article: ScannedArticle): FiledArticle {
  return {
    id: article.id,
    title: article.title,
    date: article.date,
    month: article.month,
    categories: article.categories,
    text: article.text,
    author: article.author,
    file: metaOf(article),
  }
}

/** The index of one open archive. */
interface OpenIndex {
  root: string
  /** The archive's index folder in the data folder (whether or not this process writes it). */
  dir: string
  /**
   * Where the index really is when it is not `dir`: a private temporary folder (removed when
   * the index closes), or `read-only` for `dir`'s snapshot opened without writing. Known once
   * `opened` resolves; until then `own`.
   */
  place: IndexPlace
  /** This index's share of the archive folder's lock (released once it is closed and saved). */
  lease: ArchiveLease | undefined
  read: Partial<ReadOptions> | undefined
  client: SearchWorkerClient
  /** The worker's open; null when it failed (then searches fail with `failure`). */
  opened: Promise<WorkerOpenResult | null>
  failure: string | null
  /** Every request after the open, in order; a failure is logged, never thrown at callers. */
  ready: Promise<void>
  /** The running build or sync. */
  job: SearchBuild<unknown> | null
  /** The first scan's articles, indexed while the list fills (a cold index only). */
  feed: ScanFeed
  saveTimer: NodeJS.Timeout | null
  /** When the first change not yet saved happened (ms since the epoch), or null. */
  unsavedSince: number | null
  /** The library's first scan is complete. */
  listed: boolean
  /** The index was restored from the snapshot (known once `opened` resolves). */
  restored: boolean
  closed: boolean
}

export function createSearchService(options: SearchServiceOptions): SearchPort {
  let current: OpenIndex | null = null
  /** Indexes being saved and closed, by folder: reopening the same archive waits for its save. */
  const closing = new Map<string, Promise<void>>()
  const saveQuietMs = options.saveQuietMs ?? DEFAULT_SAVE_QUIET_MS
  /** Interned facet keys per summary: filters and facets over every match, cheaply. */
  const facetColumns = new FacetColumns()
  /** Each open index's numbering of ids, shared with its worker. */
  const hostIds = new WeakMap<OpenIndex, HostIdTable>()

  async function shutDown(index: OpenIndex): Promise<void> {
    index.closed = true
    index.feed.stop()
    if (index.saveTimer) clearTimeout(index.saveTimer)
    const job = index.job
    job?.cancel({ keep: true })
    await job?.done.catch(() => undefined)
    await index.ready
    try {
      if ((await index.opened) && index.place.kind === 'own')
        await index.client.save({ ifChanged: true })
    } catch (error) {
      log.warn('saving the search index failed', error)
    }
    await index.client
      .close()
      .catch((error: unknown) => log.warn('closing the search worker failed', error))
    if (index.place.kind === 'private') removePrivateFolder(index.place.dir)
    index.lease?.release()
  }

  function closeCurrent(): Promise<void> {
    const index = current
    current = null
    if (!index) return Promise.resolve()
    const done = shutDown(index).finally(() => {
      if (closing.get(index.dir) === done) closing.delete(index.dir)
    })
    closing.set(index.dir, done)
    return done
  }

  function enqueue(index: OpenIndex, step: () => Promise<unknown>, what: string): void {
    index.ready = index.ready.then(async () => {
      try {
        await step()
      } catch (error) {
        log.warn(`${what} failed`, error)
      }
    })
  }

  function scheduleSave(index: OpenIndex): void {
    // Only an index in its own folder is saved; the others end with this process.
    if (index.place.kind !== 'own') return
    if (index.saveTimer) clearTimeout(index.saveTimer)
    index.unsavedSince ??= Date.now()
    const wait = Math.min(saveQuietMs, index.unsavedSince + SAVE_MAX_WAIT_MS - Date.now())
    index.saveTimer = setTimeout(
      () => {
        index.saveTimer = null
        // A running build or sync schedules a save when it ends.
        if (index.closed || index.job) return
        index.unsavedSince = null
        enqueue(index, () => index.client.save({ ifChanged: true }), 'saving the search index')
      },
      Math.max(0, wait),
    )
    index.saveTimer.unref()
  }

  function idTableOf(index: OpenIndex): HostIdTable {
    let ids = hostIds.get(index)
    if (!ids) hostIds.set(index, (ids = new HostIdTable()))
    return ids
  }

  /**
   * Numbers the listed ids and sends them to the worker now, not with the first search: at
   * 100k articles that is the columns' first pass over the catalog (~0.17 s) and 100k ids
   * cloned into the worker and mapped there, which made the first search after an open take
   * 0.4 s instead of ~20 ms. Searches wait in `ready` behind it, so numbers stay in order.
   */
  async function prime(index: OpenIndex, library: LibraryService): Promise<void> {
    const catalog = library.matchCatalog()
    if (index.closed || !catalog || !(await index.opened)) return
    const ids = idTableOf(index)
    ids.refresh(catalog, facetColumns)
    const { from, ids: unsent } = ids.unsent()
    if (unsent.length > 0) await index.client.numberIds(from, unsent)
  }

  /** Warm-up searches nobody sees, once the ids are primed (warmUp.ts says why). */
  async function warmUp(index: OpenIndex, library: LibraryService): Promise<void> {
    const catalog = library.matchCatalog()
    if (index.closed || current !== index || !catalog) return
    const queries = warmUpQueries(catalog.summaries())
    const started = performance.now()
    const rounds = options.warmUpRounds ?? WARM_UP_ROUNDS
    for (let round = 0; round < rounds; round++) {
      for (const query of queries) {
        if (index.closed || current !== index) return
        await searchFor({ query, limit: 20 }, library, false).catch(() => undefined)
      }
    }
    log.debug('warmed up', { queries, rounds, ms: performance.now() - started })
  }

  /** After the library's scan: sync a restored index, or build one. */
  async function update(index: OpenIndex, files: FileEntry[]): Promise<void> {
    const opened = await index.opened
    await index.feed.finish()
    if (index.closed) return
    // The open failed (logged with its cause): end the progress bar rather than leave it running.
    if (!opened) return options.onIndexed?.(0, true)
    const started = performance.now()
    let indexed = 0
    const common = {
      readOptions: index.read,
      scanWorkers: options.scanWorkers,
      onProgress: (p: { indexed: number }) => {
        indexed = p.indexed
        options.onIndexed?.(p.indexed, false)
      },
    }
    // A fed index holds part of the files (with their catalog): the sync reads the rest.
    const job: SearchBuild<unknown> =
      opened.restored || index.feed.fed > 0
        ? index.client.sync(index.root, files, common)
        : index.client.build(index.root, common)
    index.job = job
    const report: SyncReport = {
      root: index.root,
      restored: opened.restored,
      ...(opened.reason ? { reason: opened.reason } : {}),
      reindexed: 0,
      fed: index.feed.fed,
      removed: 0,
      unchanged: 0,
      cancelled: false,
      seconds: 0,
    }
    try {
      const result = (await job.done) as Partial<SyncReport> & { indexed?: number; size: number }
      report.reindexed = (result.reindexed ?? result.indexed ?? 0) + report.fed
      report.removed = result.removed ?? 0
      report.unchanged = result.unchanged ?? 0
      options.onIndexed?.(result.size, true)
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CANCELLED') report.cancelled = true
      else {
        report.failed = error instanceof Error ? error.message : String(error)
        // Indexing is over, if not complete: say so, or whoever waits for the end (the CLI's
        // search and export, the progress bar) waits forever. A search then answers from
        // what the index holds, or fails with the worker's death (client.ts): the CLI used to
        // wait for this instead, and exited 0 with nothing printed once nothing else ran.
        if (!index.closed) options.onIndexed?.(indexed, true)
      }
    } finally {
      index.job = null
    }
    report.seconds = (performance.now() - started) / 1000
    if (report.failed) log.warn(`bringing the search index up to date failed: ${report.failed}`)
    log.info(
      `search index of ${index.root}: ${report.restored ? 'restored' : `built (${report.reason ?? 'new'})`}, ` +
        `${report.reindexed} files read, ${report.removed} removed, ${report.unchanged} unchanged` +
        `${report.cancelled ? ', cancelled' : ''} in ${report.seconds.toFixed(1)} s`,
    )
    options.onSynced?.(report)
    if (!report.cancelled && !report.failed && !index.closed) scheduleSave(index)
  }

  /**
   * One search. `report`: tell `onSearched` and the debug log (the warm-up's searches do not:
   * they are nobody's, and would be taken for the user's).
   */
  async function searchFor(
    request: SearchRequest,
    library: LibraryService,
    report: boolean,
  ): Promise<SearchResponse> {
    const index = current
    if (!index) return { total: 0, hits: [], facets: library.facetsOf([]) }
    await index.ready
    // Never an empty answer that looks like "nothing matches": say that there is no index.
    if (!(await index.opened))
      throw new ApiError(
        'INTERNAL',
        `search: the search index of ${index.root} could not be opened (${index.failure ?? 'unknown cause'})`,
      )
    const catalog = library.matchCatalog()
    if (!catalog) return { total: 0, hits: [], facets: library.facetsOf([]) }
    const { response, timing } = await searchOnHost(request, {
      client: index.client,
      ids: idTableOf(index),
      facetColumns,
      catalog,
      library,
      aheadOfList: index.restored && !index.listed,
    })
    if (report) {
      options.onSearched?.(timing)
      // ARCHIVE_BROWSER_LOG=debug: where each search's time went (the ui bench reads this line).
      log.debug('searched', {
        query: request.query,
        offset: request.offset ?? 0,
        total: response.total,
        ...timing,
      })
    }
    return response
  }

  const port: SearchPort = {
    start(root, read, lease) {
      void closeCurrent()
      const dir = path.join(archiveDataDir(options.dataDir, root), 'search')
      const client = options.workerClient?.() ?? createSearchWorkerClient()
      const previousSave = closing.get(dir)
      // Kept until this index is closed and saved, after the library has let go of its own.
      const share = lease?.share()
      // Synchronously, so the open is posted before this function returns: the library's
      // open goes on with seconds of synchronous work (its catalog snapshot at 100k articles)
      // that an await here would put in front of the worker's open (measured: ~0.85 s).
      // Another process owning the folder (the library said so in its log) counts as unwritable:
      // two writers of one index folder broke each other's index.
      const unwritable =
        share && !share.owner ? `owned by another process: ${share.why ?? ''}` : cannotWrite(dir)
      if (unwritable && share?.owner !== false)
        log.warn(
          `the search index folder ${dir} cannot be written (${unwritable}): its saved index is ` +
            'read without writing anything there, and changes are kept in memory only',
        )
      const opened = (async () => {
        if (previousSave) await previousSave
        const result = await openIndexIn(client, {
          dir,
          root,
          textsFromArchive: options.textCopy !== true,
          read,
          unwritable,
          placed: (place) => (index.place = place),
        })
        if (!result.restored) log.info(`search index of ${root}: building (${result.reason})`)
        if (result.size > 0) options.onIndexed?.(result.size, false)
        return result
      })().catch((error: unknown) => {
        log.error('the search index could not be opened', error)
        index.failure = messageOf(error)
        return null
      })
      const index: OpenIndex = {
        root,
        dir,
        place: { kind: 'own' },
        lease: share,
        read,
        client,
        opened,
        failure: null,
        ready: Promise.resolve(),
        job: null,
        feed: new ScanFeed({
          send: (articles) => client.add(articles),
          toFiled: filed,
          onIndexed: (size) => options.onIndexed?.(size, false),
        }),
        saveTimer: null,
        unsavedSince: null,
        listed: false,
        restored: false,
        closed: false,
      }
      index.ready = opened.then((result) => {
        index.restored = result?.restored === true
        if (result) index.feed.opened(result.restored)
        else index.feed.stop()
      })
      current = index
    },
    scanned(summaries, library) {
      const index = current
      if (!index) return
      index.listed = true
      const files: FileEntry[] = summaries.map((s) => [s.id, s.size, s.mtimeMs, s.hash])
      update(index, files).catch((error: unknown) =>
        log.warn('bringing the search index up to date stopped', error),
      )
      if (!library) return
      enqueue(index, () => prime(index, library), 'preparing ids for searches')
      // After the priming (searches wait in `ready`), outside the queue they wait in.
      void index.ready.then(() => warmUp(index, library))
    },
    scannedArticle(article) {
      current?.feed.scanned(article)
    },
    wantsScannedText: () => current?.feed.wantsText() === true,
    // Does not wait for the save: opening another archive need not. Reopening this one waits
    // for it (see `closing`), and so does dispose.
    async stop() {
      void closeCurrent()
    },
    changed(change) {
      const index = current
      if (!index) return Promise.resolve(null)
      // Settles even when the worker refuses: the library's progress waits for it.
      const applied = new Promise<number | null>((resolve) => {
        let size: number | null = null
        enqueue(
          index,
          async () => {
            try {
              if (change.removed.length > 0) size = (await index.client.remove(change.removed)).size
              if (change.upserted.length > 0)
                size = (await index.client.add(change.upserted.map(filed))).size
            } finally {
              resolve(size)
            }
          },
          'updating the search index',
        )
      })
      scheduleSave(index)
      return applied
    },
    search: (request, library) => searchFor(request, library, true),
    async dispose() {
      await closeCurrent()
      await Promise.all(closing.values())
    },
  }
  return port
}
