/**
 * The search index's contract (searchIndex.ts implements it): what it takes, what a search
 * returns, its counters and its operations. Types only.
 */
import type { Article } from '../../../shared/types/article'
import type { FacetCount } from './docTable'
import type { WordPackState } from './quietPacking'
import type { Snippet } from './snippet'

/** What the index needs of an article. */
export type IndexableArticle = Pick<Article, 'id' | 'title' | 'date' | 'categories' | 'text'> & {
  author?: string | null
  /** The date's month in the archive's zone (ArticleSummary.month); without it, the UTC month. */
  month?: string | null
}

export type SortOrder = 'relevance' | 'date'

export interface SearchOptions {
  limit?: number
  offset?: number
  sort?: SortOrder
  /**
   * An extra filter from the caller (e.g. the library's list filter), applied before counting.
   * `doc` is the index's number for the article (see SearchResult.matchedDocs).
   */
  accept?: (id: string, doc: number) => boolean
  /**
   * The archive's time zone (IANA): `date:`, `before:` and `after:` name days, months and years
   * there, as the list shows dates and counts months. Default UTC.
   */
  timeZone?: string
}

export interface SearchHit {
  id: string
  title: string
  date: string | null
  score: number
  snippet: Snippet
  /** [start, end) offsets into `title` of the query's plain and `title:` terms (titleMarks). */
  titleMarks: [number, number][]
}

export interface SearchFacets {
  categories: FacetCount[]
  sources: FacetCount[]
  authors: FacetCount[]
  months: FacetCount[]
}

export interface SearchResult {
  total: number
  hits: SearchHit[]
  facets: SearchFacets
  /**
   * Every matching id (for callers that compute their own facets): the first
   * offset + limit + 200 in result order, the rest in no particular order.
   */
  matchedIds: string[]
  /**
   * The same matches as the index's document numbers (same order as matchedIds). A number
   * stays with its article until the article is removed or changed (an update is a new number)
   * and is never given to another: callers may cache what they derive from it (see idOfDoc).
   */
  matchedDocs: Int32Array
}

export interface SearchIndexStats {
  documents: number
  deletedDocuments: number
  unigramKeys: number
  bigramKeys: number
  postingBytes: number
  segments: number
  /** Segment merges finished (segmentCompaction.ts). */
  merges: number
  textBytes: number
  /** FlexSearch terms held as arrays, not in stored form (see packWords). */
  wordTermsDecoded: number
  /** Document records inserted since the last packRecords, each holding its own strings. */
  recordsBuilt: number
}

export interface SearchIndexOptions {
  /**
   * A private folder for the index's files (text store, posting segments). Without it
   * everything stays in memory, which suits tests and small archives only.
   */
  dir?: string
  /** Arena bytes per posting family before a segment is written (default 64 MB). */
  flushBytes?: number
  /**
   * Open the snapshot in `dir` without writing anything there, ever: another process owns the
   * folder, or it cannot be written. Changes are kept in memory and `save` is refused; a
   * snapshot that cannot be used is not replaced by an empty index (see openSearchIndex).
   */
  readOnly?: boolean
  /**
   * Where an indexed article's plain text can be read again (the archive's file, parsed as
   * the scan parses it), or undefined when it cannot be read now; `quick` allows a faster
   * way that may differ (archiveText.ts: the index checks, and asks again without it). With
   * `dir`, the index then keeps no copy of the texts (derivedText.ts): verification and
   * snippets read the files. Without it, texts are stored in the folder (text.bin).
   */
  articleText?: (id: string, quick: boolean) => string | undefined
}

export interface SearchIndex {
  /**
   * Write a snapshot into the index's folder (needs `dir`). `catalog` is stored as given
   * (the host's file catalog: path, size, mtime, hash) and handed back by openSearchIndex.
   */
  save(catalog?: unknown): void
  add(article: IndexableArticle): void
  update(article: IndexableArticle): void
  /** Returns false when no article has this id. */
  remove(id: string): boolean
  has(id: string): boolean
  /** The id of a document number (SearchResult.matchedDocs), undefined once it was removed. */
  idOfDoc(doc: number): string | undefined
  /** Document numbers handed out so far (removed ones included): they are 0 … docCapacity − 1. */
  readonly docCapacity: number
  readonly size: number
  search(query: string, options?: SearchOptions): SearchResult
  stats(): SearchIndexStats
  /**
   * Merge the posting segments into one per family, a slice at a time (segmentCompaction.ts):
   * works until performance.now() passes `deadline`, true when nothing is left to merge.
   * Searches and updates may run between slices; `save` after it removes the old files.
   */
  compact(deadline: number): boolean
  /** Stop a running compaction (its unfinished file is removed). */
  abortCompaction(): void
  /**
   * Put FlexSearch's word index back into the compact form a restore leaves it in (terms are
   * decoded again when used): after a build it is most of the heap (wordIndexSnapshot.ts).
   * All of packWordsStep's steps at once, so the word positions close the gaps in their arena
   * too. False when too few terms were decoded to be worth packing them.
   */
  packWords(): boolean
  /**
   * packWords in steps, for the worker's quiet moments: works until performance.now() passes
   * `deadline`. 'more' until done; then 'packed', or 'nothing' when too few terms were decoded.
   * An add in between drops the work done so far (the next step starts over).
   */
  packWordsStep(deadline: number): WordPackState
  /**
   * Move the strings of the records built since the last pack into columns, as a restore has
   * them (storedRecords.ts). Returns how many records were packed (0: too few were built).
   */
  packRecords(): number
  /** Flush merged segments to the disk before a save names them (fsync, off this thread). */
  syncMerged(): Promise<void>
  /**
   * The files in use that queries read, most read first (posting segments, then the text
   * store): what to read ahead into the page cache (prefetch.ts). Empty without `dir`.
   */
  dataFiles(): string[]
  close(): void
}
