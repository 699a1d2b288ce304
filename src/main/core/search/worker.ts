/**
 * The search index on its own thread (worker_threads; an Electron utilityProcess can host
 * the same handler). Building and querying run here, so the thread that answers the UI
 * only passes messages. Protocol: requests { id, op, ... } get one reply { id, ok, value |
 * error }; a build also sends { event: 'progress', id, read, indexed, total } on the way.
 * Messages are handled between the build's awaits, so searches and cancel work during a build.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parentPort } from 'node:worker_threads'
import { ApiError, type ApiErrorShape } from '../../../shared/errors'
import { resolveReadOptions, type ReadOptions } from '../archive/options'
import { scanArchive } from '../archive/scan'
import {
  catalogKey,
  diffFiles,
  metaOf,
  parseCatalog,
  readFiles,
  serializeCatalog,
  type FileMeta,
} from './fileCatalog'
import { compactInBackground } from './backgroundCompaction'
import { compactSearch, HostIdNumbers } from './compactSearch'
import { prefetchFiles } from './prefetch'
import {
  createSearchIndex,
  openSearchIndex,
  type SearchIndex,
  type SearchIndexOptions,
} from './searchIndex'
import { archiveText } from './archiveText'
import type {
  SearchWorkerReply,
  SearchWorkerRequest,
  SyncResult,
  WorkerOpenResult,
  WorkerSearchResult,
} from './workerProtocol'

/** Progress is reported at most this often (ms), plus once at the end. */
const PROGRESS_INTERVAL = 100
/** Merging segments waits until no search came for this long (ms): the user stopped typing. */
const SEARCH_QUIET_MS = 500
/** Longest stretch (ms) the build indexes without letting queued requests (searches) in. */
const YIELD_INTERVAL = 50

/** The files a search index writes into its folder (see searchIndex.ts, segmentedPostings.ts). */
const INDEX_FILE =
  /^(?:text\.bin|words\.flex\.json(?:\.tmp)?|search-index\.snapshot(?:\.tmp)?|.+\.seg(?:\.dir)?)$/

function removeIndexFiles(dir: string): void {
  for (const name of fs.readdirSync(dir))
    if (INDEX_FILE.test(name)) fs.rmSync(path.join(dir, name), { force: true })
}

export function createSearchWorkerHandler(send: (reply: SearchWorkerReply) => void): {
  handle(request: SearchWorkerRequest): Promise<void>
} {
  let index: SearchIndex = createSearchIndex()
  let options: Pick<SearchIndexOptions, 'dir' | 'flushBytes' | 'readOnly' | 'articleText'> = {}
  const builds = new Map<number, { abort: AbortController; keep: boolean }>()
  /** What the index holds, file by file (saved with the snapshot; see fileCatalog.ts). */
  let catalog = new Map<string, FileMeta>()
  let key = catalogKey(resolveReadOptions())
  /** The archive's zone, in which the queries' dates are read (SearchOptions.timeZone). */
  let timeZone = resolveReadOptions().timeZone
  /** Something changed since the last save (or open). */
  let dirty = false
  /**
   * Ids that add/remove requests set while a build or sync runs: the host read them after the
   * build listed them, so the build's copy may be older and is skipped.
   */
  const touched = new Set<string>()
  /** The host's numbering of ids, for searchCompact (one worker serves one open index). */
  const hostIds = new HostIdNumbers()
  /** The running read-ahead of a restored index's files (prefetch.ts). */
  let prefetching: AbortController | null = null
  /**
   * Read the index files ahead into the page cache (prefetch.ts): after a restore or a merge.
   * `alongside`: keep a read-ahead that is running (a small merge's file after the open's).
   */
  const readAhead = (files: string[], alongside = false): void => {
    if (files.length === 0) return
    if (!alongside || prefetching === null) {
      prefetching?.abort()
      prefetching = new AbortController()
    }
    void prefetchFiles(files, prefetching.signal)
  }
  /** When a search was last answered: merging waits while the user is typing. */
  let lastSearchAt = Number.NEGATIVE_INFINITY
  /** Bumped whenever `index` is closed or replaced: a background compaction then stops. */
  let generation = 0
  /** The generation whose segments are being merged, or −1. */
  let compactingGeneration = -1
  /** Asked for while one ran (its `readAheadAll`): the next compaction, or null. */
  let compactAgain: boolean | null = null

  /**
   * Pack the word index and merge the segments in the background (backgroundCompaction.ts),
   * then save. After a build, sync or open every file in use is read ahead once merged; after
   * the host's adds only the files the merge wrote (the others are as cached as they were).
   */
  const compactLater = (readAheadAll = true): void => {
    if (options.dir === undefined || options.readOnly) return
    if (compactingGeneration === generation) {
      // One is running (it may have packed already): run again when it ends.
      compactAgain = (compactAgain ?? false) || readAheadAll
      return
    }
    const mine = (compactingGeneration = generation)
    const target = index
    const before = new Set(readAheadAll ? [] : target.dataFiles())
    void compactInBackground(target, {
      isCurrent: () => generation === mine,
      isBusy: () => builds.size > 0 || performance.now() - lastSearchAt < SEARCH_QUIET_MS,
      merged: () => {
        // Saved with the next save (the host's, at the latest when it closes the index): a
        // save takes 1–2 s at 100k, which the user typing now would wait for.
        dirty = true
        readAhead(
          target.dataFiles().filter((file) => !before.has(file)),
          !readAheadAll,
        )
      },
    }).finally(() => {
      if (compactingGeneration === mine) compactingGeneration = -1
      // A request made while this ran; one for a newer index waits for that index's own end.
      if (generation === mine && compactAgain !== null) {
        const again = compactAgain
        compactAgain = null
        compactLater(again)
      }
    })
  }

  const fresh = (): SearchIndex => {
    catalog = new Map()
    dirty = false
    generation++
    index.close()
    // A read-only folder is never rebuilt: a build there stays in memory.
    return options.dir === undefined || options.readOnly
      ? createSearchIndex({ flushBytes: options.flushBytes })
      : createSearchIndex({
          dir: options.dir,
          flushBytes: options.flushBytes,
          articleText: options.articleText,
        })
  }

  async function build(
    id: number,
    root: string,
    readOptions: Partial<ReadOptions>,
    scanWorkers?: number,
  ): Promise<unknown> {
    const abort = new AbortController()
    const job = { abort, keep: false }
    builds.set(id, job)
    let read = 0
    let total: number | null = null
    let last = 0
    let lastYield = Date.now()
    const progress = (force = false): void => {
      const now = Date.now()
      if (!force && now - last < PROGRESS_INTERVAL) return
      last = now
      send({ event: 'progress', id, read, indexed: read, total })
    }
    try {
      const scan = scanArchive(root, {
        ...readOptions,
        signal: abort.signal,
        workers: scanWorkers,
        onListed: (count) => (total = count),
      })
      for await (const article of scan) {
        if (abort.signal.aborted) break
        if (touched.has(article.id)) continue
        catalog.set(article.id, metaOf(article))
        dirty = true
        index.update({
          id: article.id,
          title: article.title,
          date: article.date,
          month: article.month,
          categories: article.categories,
          author: article.author,
          text: article.text,
        })
        read++
        progress()
        // The scan hands over parsed articles through promises that are often already resolved,
        // so this loop can run on microtasks alone for a long time and starve the message port:
        // measured, a search sent mid-build waited 18 s. Yield to the event loop every 50 ms.
        if (Date.now() - lastYield > YIELD_INTERVAL) {
          await new Promise<void>((resolve) => setImmediate(resolve))
          lastYield = Date.now()
        }
      }
      if (abort.signal.aborted) {
        if (!job.keep) index = fresh()
        throw new ApiError('CANCELLED', 'search: the build was cancelled; the index was emptied.')
      }
      progress(true)
      compactLater()
      return { indexed: read, size: index.size }
    } finally {
      builds.delete(id)
      if (builds.size === 0) touched.clear()
    }
  }

  async function sync(
    id: number,
    request: Extract<SearchWorkerRequest, { op: 'sync' }>,
  ): Promise<SyncResult> {
    const abort = new AbortController()
    builds.set(id, { abort, keep: true })
    try {
      const { changed, removed, unchanged } = diffFiles(catalog, request.files)
      for (const gone of removed) {
        index.remove(gone)
        catalog.delete(gone)
        dirty = true
      }
      const total = request.files.length
      let read = 0
      let reindexed = 0
      let last = 0
      let lastYield = Date.now()
      const readOptions = resolveReadOptions(request.readOptions)
      for await (const articles of readFiles(
        request.root,
        changed,
        readOptions,
        abort.signal,
        request.scanWorkers,
      )) {
        for (const article of articles) {
          read++
          if (touched.has(article.id)) continue
          // Gone since the library's scan: its removal is on its way; do not index an empty shell.
          if (article.issues.some((issue) => issue.code === 'FILE_VANISHED')) {
            if (index.remove(article.id)) dirty = true
            catalog.delete(article.id)
            continue
          }
          index.update(article)
          catalog.set(article.id, metaOf(article))
          dirty = true
          reindexed++
        }
        const now = Date.now()
        if (now - last >= PROGRESS_INTERVAL) {
          last = now
          send({ event: 'progress', id, read, indexed: unchanged + read, total })
        }
        if (now - lastYield > YIELD_INTERVAL) {
          await new Promise<void>((resolve) => setImmediate(resolve))
          lastYield = Date.now()
        }
        if (abort.signal.aborted) break
      }
      if (abort.signal.aborted)
        throw new ApiError('CANCELLED', 'search: the update of the index was cancelled.')
      send({ event: 'progress', id, read, indexed: unchanged + read, total })
      compactLater()
      return { unchanged, reindexed, removed: removed.length, size: index.size }
    } finally {
      builds.delete(id)
      if (builds.size === 0) touched.clear()
    }
  }

  async function run(request: SearchWorkerRequest): Promise<unknown> {
    if (request.op === 'search' || request.op === 'searchCompact') lastSearchAt = performance.now()
    switch (request.op) {
      case 'open': {
        prefetching?.abort()
        prefetching = null
        const readOnly = request.readOnly === true
        const readOptions = resolveReadOptions(request.readOptions)
        // With the archive's folder, texts are read from its files, not copied (derivedText.ts).
        const articleText =
          request.root !== undefined ? archiveText(request.root, readOptions) : undefined
        options = { dir: request.dir, flushBytes: request.flushBytes, readOnly, articleText }
        key = catalogKey(readOptions)
        timeZone = readOptions.timeZone
        catalog = new Map()
        dirty = false
        generation++
        index.close()
        // Until the open succeeds, an empty index in memory: a failed open leaves nothing
        // closed behind for the next request (a close of a closed store failed with EBADF).
        index = createSearchIndex({ flushBytes: request.flushBytes })
        if (request.dir === undefined)
          return { restored: false, size: 0 } satisfies WorkerOpenResult
        const opened = openSearchIndex({
          dir: request.dir,
          flushBytes: request.flushBytes,
          readOnly,
          articleText,
        })
        index = opened.index
        const parsed = opened.restored
          ? parseCatalog(opened.catalog, key)
          : { reason: opened.reason ?? 'there is no snapshot' }
        if ('reason' in parsed) {
          index.close()
          index = createSearchIndex({ flushBytes: request.flushBytes })
          // Start over in an empty folder: segments of the refused index would linger beside
          // the new ones (they are numbered from 0 again). Never in a read-only folder.
          if (!readOnly) {
            removeIndexFiles(request.dir)
            index = createSearchIndex({ ...options, dir: request.dir })
          }
          return { restored: false, reason: parsed.reason, size: 0 } satisfies WorkerOpenResult
        }
        catalog = parsed.files
        readAhead(index.dataFiles())
        compactLater()
        return { restored: true, size: index.size } satisfies WorkerOpenResult
      }
      case 'add':
        for (const { file, ...article } of request.articles) {
          if (builds.size > 0) touched.add(article.id)
          index.update(article)
          if (file) catalog.set(article.id, file)
          else catalog.delete(article.id)
        }
        dirty ||= request.articles.length > 0
        // Adding decodes the packed word index's terms it touches (all of a common prefix's
        // slots): pack them again, and merge what was flushed, once the worker is quiet.
        if (request.articles.length > 0) compactLater(false)
        return { size: index.size }
      case 'remove':
        for (const id of request.ids) {
          if (builds.size > 0) touched.add(id)
          index.remove(id)
          catalog.delete(id)
        }
        dirty ||= request.ids.length > 0
        return { size: index.size }
      case 'search': {
        const started = performance.now()
        const { allowedIds, ...given } = request.options ?? {}
        const searchOptions = { timeZone, ...given }
        const allowed = allowedIds === undefined ? null : new Set(allowedIds)
        const result = index.search(
          request.query,
          allowed ? { ...searchOptions, accept: (id) => allowed.has(id) } : searchOptions,
        )
        // The ids are read (built) before the clock stops: they are part of the worker's work.
        const matchedIds = result.matchedIds
        return {
          ...result,
          matchedIds,
          workerMs: performance.now() - started,
        } satisfies WorkerSearchResult
      }
      case 'searchCompact':
        return compactSearch(index, hostIds, request.query, { timeZone, ...request.options })
      case 'numberIds':
        hostIds.extend(request.from, request.ids)
        hostIds.cacheAll(index)
        return null
      case 'save':
        // A read-only index keeps its changes in memory: nothing to save, nowhere to save it.
        if (options.readOnly) return false
        if (request.ifChanged === true && !dirty) return false
        index.save(serializeCatalog(key, catalog))
        dirty = false
        return true
      case 'stats':
        return index.stats()
      case 'build':
        return build(request.id, request.root, request.readOptions ?? {}, request.scanWorkers)
      case 'sync':
        return sync(request.id, request)
      case 'cancel': {
        const job = builds.get(request.build)
        if (job) {
          job.keep ||= request.keep === true
          job.abort.abort()
        }
        return null
      }
      case 'close':
        prefetching?.abort()
        for (const job of builds.values()) job.abort.abort()
        generation++
        index.close()
        return null
    }
  }

  return {
    async handle(request) {
      try {
        send({ id: request.id, ok: true, value: await run(request) })
      } catch (error) {
        const shape: ApiErrorShape =
          error instanceof ApiError
            ? error.toJSON()
            : {
                code: 'INTERNAL',
                message: `search: ${error instanceof Error ? error.message : String(error)}`,
              }
        send({ id: request.id, ok: false, error: shape })
      }
    },
  }
}

const port = parentPort
if (port) {
  const handler = createSearchWorkerHandler((reply) => port.postMessage(reply))
  port.on('message', (request: SearchWorkerRequest) => void handler.handle(request))
}
