/**
 * The host side of the search worker: promises for requests, a progress callback and a
 * cancel handle for builds. The thread that answers the UI uses this and never indexes.
 */
import type { Worker } from 'node:worker_threads'
import { ApiError } from '../../../shared/errors'
import type { ReadOptions } from '../archive/options'
import { startWorker } from '../workers/workerEntry'
import type { CompactSearchOptions, CompactSearchResult } from './compactSearch'
import type { FileEntry } from './fileCatalog'
import type { SearchIndexStats } from './searchIndex'
import type {
  FiledArticle,
  SearchWorkerReply,
  SearchWorkerRequest,
  SyncResult,
  WorkerOpenResult,
  WorkerSearchOptions,
  WorkerSearchResult,
} from './workerProtocol'

export interface BuildProgress {
  read: number
  indexed: number
  /** Files listed so far is unknown until the listing ends. */
  total: number | null
}

export interface SearchBuild<T = { indexed: number; size: number }> {
  done: Promise<T>
  /** `keep`: stop, but keep what is indexed so far (to save it and complete it later). */
  cancel(options?: { keep?: boolean }): void
}

export interface BuildOptions {
  readOptions?: Partial<ReadOptions>
  scanWorkers?: number
  onProgress?: (p: BuildProgress) => void
}

export interface SearchWorkerClient {
  /**
   * Opens the index in `dir` from its snapshot (or empty in memory without `dir`). A snapshot
   * whose catalog was read with other `readOptions` is not restored. `readOnly`: nothing is
   * ever written into `dir` (another process owns it, or it cannot be written). `root`: the
   * archive's folder, whose files the index reads texts from instead of keeping a copy.
   */
  open(
    dir?: string,
    flushBytes?: number,
    readOptions?: Partial<ReadOptions>,
    readOnly?: boolean,
    root?: string,
  ): Promise<WorkerOpenResult>
  /** Adds or replaces articles; with `file`, the catalog records where each came from. */
  add(articles: FiledArticle[]): Promise<{ size: number }>
  remove(ids: string[]): Promise<{ size: number }>
  search(query: string, options?: WorkerSearchOptions): Promise<WorkerSearchResult>
  /** A search with ids as numbers (see compactSearch.ts). */
  searchCompact(query: string, options: CompactSearchOptions): Promise<CompactSearchResult>
  /** Sends the host's id numbers `from`, `from + 1`, … before any search needs them. */
  numberIds(from: number, ids: string[]): Promise<void>
  /** Writes the snapshot; `ifChanged`: only when something changed since. True when written. */
  save(options?: { ifChanged?: boolean }): Promise<boolean>
  /** The index's counters (SearchIndex.stats), for diagnostics and tests. */
  stats(): Promise<SearchIndexStats>
  build(root: string, options?: BuildOptions): SearchBuild
  /** Updates a restored index to the files on disk now (`files`: [id, size, mtimeMs, hash]). */
  sync(root: string, files: FileEntry[], options?: BuildOptions): SearchBuild<SyncResult>
  close(): Promise<void>
}

type Pending = {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
  onProgress?: (p: BuildProgress) => void
}

// Distributes Omit over the union so each request keeps its own fields.
type RequestBody = SearchWorkerRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never

/**
 * The search worker's young generation (MB; V8 keeps a third of it per semi-space): twice
 * V8's default. A search allocates a few MB that die with it; with 16 MB semi-spaces too many
 * of them were still alive at a scavenge and were promoted, so the old generation refilled
 * and a major collection (a 14–21 ms pause plus 40–70 ms of marking steps at 100k articles)
 * came every ~0.6 s of back-to-back searches. Measured in process on the 100k index, three
 * passes of the bench's 434 queries: scavenges 28 → 14, major collections 4–5 → 3; the search
 * bench (its engine runs with the same semi-space), two runs: p95 ≤ 10 ms in 11 of 11 classes
 * (one run before: 10), peak RSS 754–770 MB (before: 844). It costs at most 32 MB of memory.
 */
const YOUNG_GENERATION_MB = 96

export function createSearchWorkerClient(
  worker: Worker = startWorker('searchWorker', 'search/worker.ts', {
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  }),
): SearchWorkerClient {
  const pending = new Map<number, Pending>()
  let nextId = 1
  worker.on('message', (reply: SearchWorkerReply) => {
    const entry = pending.get(reply.id)
    if (!entry) return
    if ('event' in reply) {
      entry.onProgress?.({ read: reply.read, indexed: reply.indexed, total: reply.total })
      return
    }
    pending.delete(reply.id)
    if (reply.ok) entry.resolve(reply.value)
    else entry.reject(new ApiError(reply.error.code, reply.error.message, reply.error.detail))
  })
  // Once the worker is gone, every request (pending or new) fails instead of waiting forever.
  let gone: ApiError | null = null
  const fail = (error: ApiError): void => {
    gone ??= error
    for (const entry of pending.values()) entry.reject(gone)
    pending.clear()
  }
  worker.on('error', (error) =>
    fail(new ApiError('INTERNAL', `search: the worker failed: ${error.message}`)),
  )
  worker.on('exit', (code) =>
    fail(new ApiError('INTERNAL', `search: the worker stopped (exit code ${code}).`)),
  )

  function request<T>(
    body: RequestBody,
    onProgress?: (p: BuildProgress) => void,
  ): { id: number; done: Promise<T> } {
    const id = nextId++
    if (gone) return { id, done: Promise.reject(gone) }
    const done = new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress })
    })
    worker.postMessage({ ...body, id })
    return { id, done }
  }

  // A cancel after the worker stopped has nothing to cancel: its failure is not an error.
  const cancel = (build: number, keep?: boolean): void =>
    void request<null>({ op: 'cancel', build, keep }).done.catch(() => undefined)

  return {
    open: (dir, flushBytes, readOptions, readOnly, root) =>
      request<WorkerOpenResult>({
        op: 'open',
        dir,
        flushBytes,
        readOptions,
        ...(readOnly ? { readOnly } : {}),
        ...(root !== undefined ? { root } : {}),
      }).done,
    add: (articles) => request<{ size: number }>({ op: 'add', articles }).done,
    remove: (ids) => request<{ size: number }>({ op: 'remove', ids }).done,
    search: (query, options) => request<WorkerSearchResult>({ op: 'search', query, options }).done,
    searchCompact: (query, options) =>
      request<CompactSearchResult>({ op: 'searchCompact', query, options }).done,
    numberIds: async (from, ids) => {
      await request<null>({ op: 'numberIds', from, ids }).done
    },
    save: (options = {}) => request<boolean>({ op: 'save', ifChanged: options.ifChanged }).done,
    stats: () => request<SearchIndexStats>({ op: 'stats' }).done,
    build(root, options = {}) {
      const { id, done } = request<{ indexed: number; size: number }>(
        { op: 'build', root, readOptions: options.readOptions, scanWorkers: options.scanWorkers },
        options.onProgress,
      )
      return { done, cancel: (how) => cancel(id, how?.keep) }
    },
    sync(root, files, options = {}) {
      const { id, done } = request<SyncResult>(
        {
          op: 'sync',
          root,
          files,
          readOptions: options.readOptions,
          scanWorkers: options.scanWorkers,
        },
        options.onProgress,
      )
      return { done, cancel: (how) => cancel(id, how?.keep) }
    },
    // The worker ends even when its close fails: a live worker thread keeps the process alive
    // (a CLI run that never exited).
    async close() {
      try {
        await request<null>({ op: 'close' }).done
      } finally {
        await worker.terminate()
      }
    },
  }
}
