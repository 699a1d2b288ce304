/**
 * The search worker's message protocol (worker.ts answers it, client.ts speaks it): requests
 * { id, op, ... }, one reply { id, ok, value | error } each, and a build's or sync's
 * { event: 'progress' } messages on the way.
 */
import type { ApiErrorShape } from '../../../shared/errors'
import type { ReadOptions } from '../archive/options'
import type { CompactSearchOptions } from './compactSearch'
import type { FileEntry, FileMeta } from './fileCatalog'
import type { IndexableArticle, SearchOptions, SearchResult } from './searchIndex'

export type SearchWorkerRequest =
  | {
      id: number
      op: 'open'
      dir?: string
      /**
       * The archive's folder: with `dir`, the index reads texts from the article files there
       * instead of keeping a copy (SearchIndexOptions.articleText).
       */
      root?: string
      flushBytes?: number
      readOptions?: Partial<ReadOptions>
      /**
       * Open the snapshot in `dir` without ever writing there (SearchIndexOptions.readOnly): a
       * snapshot that cannot be used leaves an empty index in memory, not a rebuilt folder.
       */
      readOnly?: boolean
    }
  | { id: number; op: 'add'; articles: FiledArticle[] }
  | { id: number; op: 'remove'; ids: string[] }
  | { id: number; op: 'search'; query: string; options?: WorkerSearchOptions }
  /** A search whose ids cross the thread as numbers (see compactSearch.ts). */
  | { id: number; op: 'searchCompact'; query: string; options: CompactSearchOptions }
  /** The host's new id numbers ahead of the next searchCompact (see compactSearch.ts). */
  | { id: number; op: 'numberIds'; from: number; ids: string[] }
  /** Writes the snapshot (with the file catalog); `ifChanged`: only when something changed since. */
  | { id: number; op: 'save'; ifChanged?: boolean }
  /** The index's counters (SearchIndex.stats): documents, segments, merges, decoded terms… */
  | { id: number; op: 'stats' }
  /**
   * Brings a restored index up to date with the files on disk (`files`: the library's fresh
   * scan): removes what is gone, reads and indexes what is new or changed. Progress and cancel
   * as for a build.
   */
  | {
      id: number
      op: 'sync'
      root: string
      files: FileEntry[]
      readOptions?: Partial<ReadOptions>
      scanWorkers?: number
    }
  | {
      id: number
      op: 'build'
      root: string
      readOptions?: Partial<ReadOptions>
      scanWorkers?: number
    }
  /** `keep`: stop but keep what was indexed (it can be saved and completed later). */
  | { id: number; op: 'cancel'; build: number; keep?: boolean }
  | { id: number; op: 'close' }

/** An article to index, with the file it was read from (for the snapshot's catalog). */
export type FiledArticle = IndexableArticle & { file?: FileMeta }

/** What `open` answers: `restored` false means an empty index (then `reason` says why). */
export interface WorkerOpenResult {
  restored: boolean
  reason?: string
  size: number
}

/** What a sync did. */
export interface SyncResult {
  unchanged: number
  reindexed: number
  removed: number
  size: number
}

/** A search's reply: the index's result and the time it took in the worker. */
export type WorkerSearchResult = SearchResult & { workerMs: number }

/** Search options that cross a thread: a filter travels as the list of ids it allows. */
export type WorkerSearchOptions = Omit<SearchOptions, 'accept'> & { allowedIds?: string[] }

export type SearchWorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: ApiErrorShape }
  | { event: 'progress'; id: number; read: number; indexed: number; total: number | null }
