/**
 * The search service's types: its options, what it reports, and the port the library and
 * the contract see (searchService.ts implements it).
 */
import type { SearchRequest, SearchResponse } from '../../../shared/contract/api'
import type { ArticleSummary, ScannedArticle } from '../../../shared/types/article'
import type { ArchiveLease } from '../state/archiveLock'
import type { ReadOptions } from '../archive/options'
import type { CatalogChange } from '../library/catalogDiff'
import type { LibraryService } from '../library/libraryService'
import type { SearchWorkerClient } from './client'

export interface SearchServiceOptions {
  /** The app's data folder: the index of each archive lives under archives/<key>/search. */
  dataDir: string
  /** Indexing progress, for the UI's progress bar. */
  onIndexed?: (indexed: number, done: boolean) => void
  /** How each open brought the index up to date (logs, tests, benches). */
  onSynced?: (report: SyncReport) => void
  /** Quiet time (ms) after the last change before the snapshot is saved. */
  saveQuietMs?: number
  /** Parse workers of a build or sync (default: archive/parsePool's). */
  scanWorkers?: number
  /** Where each search's time went (benches). */
  onSearched?: (timing: SearchTiming) => void
  /** Rounds of warm-up searches after an index opens (warmUp.ts); 0: none. */
  warmUpRounds?: number
  /** A new index's worker client (tests: one whose worker dies). Default: a new worker. */
  workerClient?: () => SearchWorkerClient
  /**
   * Keep the article texts in the index folder (text.bin) instead of reading them from the
   * archive's files (CoreOptions.searchTextCopy). Switching rebuilds an index once.
   */
  textCopy?: boolean
}

/** Phases of one search, in ms. */
export interface SearchTiming {
  /** The list filter, evaluated on this thread. */
  filterMs: number
  /** The search inside the worker. */
  workerMs: number
  /** The round trip minus the worker's time: messages and their (de)serialisation. */
  transferMs: number
  /** On this thread after the reply: matches → summaries, facets, hits. */
  hostMs: number
  /** Ids numbered since the last request and sent with this one (0 once the catalog is primed). */
  idsSent: number
}

export interface SyncReport {
  root: string
  /** The snapshot was loaded; otherwise `reason` says why not and the index was built anew. */
  restored: boolean
  reason?: string
  /** Files read and indexed (a build: every file), `fed` included. */
  reindexed: number
  /** Of those, articles the library's first scan handed over (scanFeed.ts). */
  fed: number
  removed: number
  unchanged: number
  /** Stopped by closing the archive or opening another. */
  cancelled: boolean
  /** The build or sync failed: why (the index answers from what it holds). */
  failed?: string
  /** From the library's scan being complete to the index being up to date. */
  seconds: number
}

/** What the library tells the index, and what the contract asks of it. */
export interface SearchPort {
  /**
   * A new archive is opening: close the old index and open this one's. `lease`: whether this
   * engine owns the archive's data folder; if not, the index there is only read (a private
   * one is built when it cannot be used), and a share of an owner's lease is kept until the
   * index is saved and closed.
   */
  start(root: string, read?: Partial<ReadOptions>, lease?: ArchiveLease): void
  /**
   * The library's catalog is complete (its snapshot, before verification, or its first scan):
   * bring the index up to date with these files, and prepare `library`'s ids for searches.
   */
  scanned(summaries: ArticleSummary[], library?: LibraryService): void
  /** One article of the library's first scan (see scanFeed.ts). */
  scannedArticle(article: ScannedArticle): void
  wantsScannedText(): boolean
  /** The archive is closed. */
  stop(): Promise<void>
  /** Applies a catalog change; resolves with the index's size after it (null: unknown). */
  changed(change: CatalogChange): Promise<number | null>
  search(request: SearchRequest, library: LibraryService): Promise<SearchResponse>
  dispose(): Promise<void>
}
