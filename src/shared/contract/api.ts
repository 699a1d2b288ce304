/**
 * THE contract: everything a front end (renderer over IPC or HTTP, CLI) asks of the engine.
 *
 * Rules that keep the transports generic (they are generated from ./methods.ts):
 * - every method takes ONE plain-object argument, or none;
 * - every method returns a Promise of plain JSON data (no Dates, Maps, class instances);
 * - failures are thrown as ApiError (src/shared/errors.ts) and cross processes as
 *   `{ ok: false, error: { code, message } }`.
 *
 * Adding a method: add it here, add one line to METHODS in ./methods.ts (the compiler insists),
 * implement it in src/main/core/createCore.ts.
 */
import type { ArticleIssueCode } from '../errors'
import type { Article, DateSource, ImageRef, ArticleSummary } from '../types/article'
import type { ArticleMark, RecentArchive, Settings, SettingsPatch } from '../types/settings'

// ---------------------------------------------------------------- archive

/** idle: nothing open; scanning: first scan or rescan running; ready: indexed; missing: the folder vanished. */
export type ArchiveStatus = 'idle' | 'scanning' | 'ready' | 'missing'

export interface IndexProgress {
  /** Files read and parsed so far. */
  read: number
  /** Articles added to the search index so far. */
  indexed: number
  /** Files found by the scan; 0 while still listing. */
  total: number
}

export interface ArchiveInfo {
  /** Absolute real path of the archive folder. */
  path: string
  /** Folder base name, for titles. */
  name: string
  status: ArchiveStatus
  articleCount: number
  /** How many files have each kind of issue (codes with no file are omitted). */
  issueCounts: Partial<Record<ArticleIssueCode, number>>
  progress: IndexProgress
  /**
   * The IANA zone the archive's dates are read in and its days and months counted in (the
   * setting, else the engine's machine's): front ends show dates in it, so that the day a row
   * shows is the day `date:` finds it on, wherever the browser is.
   */
  timeZone: string
}

// ---------------------------------------------------------------- listing

export type MarkFilter = 'read' | 'unread' | 'favourite'

/** Narrows a list, facets or a search. Every field is optional; fields combine with AND. */
export interface ArticleFilter {
  /** Category path prefix, outermost first: ['新媒体'] or ['新媒体', '观察者网']. */
  categoryPath?: string[]
  /** Feed source (e.g. 观察者网), exactly as reported in Facets.sources. */
  source?: string
  author?: string
  tag?: string
  /** Inclusive month range, 'YYYY-MM', in the configured time zone. */
  monthFrom?: string
  monthTo?: string
  marks?: MarkFilter
}

export type SortOrder = 'asc' | 'desc'
export type ListSort = 'date' | 'title' | 'source'

export interface ListArticlesRequest {
  /** Default 0. */
  offset?: number
  /** Default 100, at most 1000. */
  limit?: number
  /** Default 'date'. */
  sort?: ListSort
  /** Default 'desc' for date, 'asc' otherwise. */
  order?: SortOrder
  filter?: ArticleFilter
  /**
   * Only the page's ids, in order, as ArticlePage.ids (items is then empty): for select all,
   * which pages through every match. The engine builds no row and keys no thumbnail for them.
   */
  idsOnly?: boolean
}

/** Rows per listArticles page at most. */
export const MAX_ROW_PAGE = 1000
/** Ids per listArticles page at most with idsOnly: the largest archives' in one call. */
export const MAX_ID_PAGE = 200_000

/** One row of the article list. */
export interface ArticleListItem extends ArticleSummary {
  /** Feed source derived from the categories or path (e.g. 观察者网), null when unknown. */
  source: string | null
  read: boolean
  favourite: boolean
  /**
   * The image key of the row's thumbnail (`thumbnail`, else `headimg`), as the engine serves it:
   * the cache key of a remote image, or the key of an image stored inside the archive (valid
   * while the archive is open). null when the article has none. Whether it can be shown is
   * getImageStates' answer ('cached').
   */
  thumbnailKey: string | null
}

export interface ArticlePage {
  /** Matching articles in total (not just this page). */
  total: number
  items: ArticleListItem[]
  /** The page's ids, in order, when the request asked for idsOnly (absent otherwise). */
  ids?: string[]
}

export interface FacetCount {
  value: string
  count: number
}

export interface CategoryNode {
  name: string
  /** Full path from the root, this node's name last. */
  path: string[]
  /** Articles in this category or below. */
  count: number
  children: CategoryNode[]
}

export interface Facets {
  categories: CategoryNode[]
  sources: FacetCount[]
  authors: FacetCount[]
  /** 'YYYY-MM' values, newest first. */
  months: FacetCount[]
  /** Counts of the mark filters within the current filter. */
  marks: Record<MarkFilter, number>
}

export interface FacetsRequest {
  filter?: ArticleFilter
}

// ---------------------------------------------------------------- reading

/** A cache key: lowercase hex SHA-256 of the image URL. Used in `/img/<key>` and `app-img://cache/...`. */
export const IMAGE_KEY_PATTERN = /^[0-9a-f]{64}$/

export type ImageStatus = 'cached' | 'pending' | 'failed' | 'blocked' | 'not-cached'

export interface ArticleImage extends ImageRef {
  key: string
  status: ImageStatus
  /**
   * Why the image is not cached, when known: the cache's failure status ('http-404', 'http-403',
   * 'timeout', 'not-image', 'too-large', 'truncated', 'network'...), or 'offline' when the
   * offline setting keeps it from being downloaded. An image of the archive folder (`local`)
   * that cannot be shown is 'failed' with 'missing' (no such file), 'outside' (its path leads out
   * of the archive: a symlink) or 'not-image-file'.
   */
  reason?: string
}

/** An article as the reader shows it. `bodyHtml` is UNSANITIZED: sanitize right before display. */
export interface ArticleView extends Article {
  source: string | null
  mark: ArticleMark
  images: ArticleImage[]
}

export interface ArticleRequest {
  id: string
  /**
   * The reader already shows this article and reads it again because its file changed (or
   * moved): its marks are left as they are. Without it, opening an article marks it read when
   * the markReadOnOpen setting says so, which would undo a "mark unread" at every edit.
   */
  reread?: boolean
}

// ---------------------------------------------------------------- health

export interface FileIssue {
  /** Article id (path relative to the archive root). */
  id: string
  code: ArticleIssueCode
  message: string
  line?: number
}

export interface ImageCacheStatus {
  /** Distinct image URLs referenced by the archive. */
  total: number
  cached: number
  /**
   * In the download queue now. A run queues its images a window at a time (a few thousand),
   * so during a run the images not yet cached are `total - cached - failed - blocked`.
   */
  pending: number
  failed: number
  blocked: number
  /** Bytes on disk. */
  bytes: number
  /** A download run (cacheAllImages / retryFailedImages, or the background run) is in progress. */
  running: boolean
}

/** The cache state of one image, by key (for refreshing what the reader shows). */
export interface ImageState {
  key: string
  status: ImageStatus
  /** As ArticleImage.reason. */
  reason?: string
}

export interface ImageStatesRequest {
  /** At most 2000 keys. */
  keys: string[]
}

export interface ImageKeyRequest {
  key: string
}

export interface ImageReportRequest {
  /** Failures to skip (default 0). */
  failuresOffset?: number
  /** Failures to list (default 100, at most 1000). */
  failuresLimit?: number
}

export interface ImageHostCount {
  /** host[:port] */
  host: string
  total: number
  cached: number
  failed: number
  /** Bytes of this host's cached images. */
  bytes: number
}

export interface ImageFailure {
  key: string
  url: string
  host: string
  /** The failure status ('http-404', 'timeout', 'not-image'...). */
  reason: string
  /** More about it, for a person (e.g. 'HTTP 404 Not Found'). */
  detail: string
  attempts: number
  /** ISO 8601 time of the last try. */
  lastTry: string
}

/** The cache's health, for the health panel and the CLI. */
export interface ImageCacheReport {
  /** 'archive': the open archive's images (once they are all known); 'cache': everything cached. */
  scope: 'archive' | 'cache'
  status: ImageCacheStatus
  /** Counts by state: 'ok', each failure status, 'pending', 'blocked', 'not-cached'. */
  byStatus: Record<string, number>
  /** The hosts with the most images first, at most 200. */
  byHost: ImageHostCount[]
  failures: ImageFailure[]
  failureTotal: number
  /** Bytes of the whole cache on disk, and its cap. */
  cacheBytes: number
  capBytes: number
  /** The last download run that ended since the app started, or null. */
  lastRun: ImageRunSummary | null
}

export interface ImageRunSummary {
  /** Images the run asked for (not recorded yet; or failed, for "retry failed"). */
  requested: number
  ok: number
  failed: number
  /** Bytes downloaded by the run. */
  bytes: number
  cancelled: boolean
  /** Failures of this run by status ('http-404', 'timeout'...). */
  byReason: Record<string, number>
  seconds: number
}

export interface ArchiveHealth {
  /** Files with issues, at most 1000 (see issueTotal). */
  issues: FileIssue[]
  issueTotal: number
  issueCounts: Partial<Record<ArticleIssueCode, number>>
  /** How many articles took their date from each source; 'mtime' and 'filename' are inferred. */
  dateSources: Record<DateSource, number>
  images: ImageCacheStatus
}

// ---------------------------------------------------------------- search

export type SearchSort = 'relevance' | 'date'

/**
 * A query's length at most, in UTF-16 code units (String.length, as an input's maxLength counts):
 * the transports refuse a longer one, and the search box holds no more.
 */
export const MAX_QUERY_LENGTH = 2000

export interface SearchRequest {
  /**
   * The query as typed; syntax is the search module's (fields, quotes, -exclusion). At most
   * MAX_QUERY_LENGTH.
   */
  query: string
  offset?: number
  /** Default 50, at most 500. */
  limit?: number
  /** Default 'relevance'. */
  sort?: SearchSort
  filter?: ArticleFilter
}

export interface Snippet {
  text: string
  /** [start, end) UTF-16 offsets into `text` of matched terms, ascending, non-overlapping. */
  marks: [number, number][]
}

export interface SearchHit {
  id: string
  title: string
  date: string | null
  dateSource: DateSource
  source: string | null
  score: number
  snippet: Snippet
  /**
   * [start, end) UTF-16 offsets into `title` of what the search matched there, shaped as
   * `snippet.marks`: the engine's own match rule and normalisation (word prefixes, case, full
   * width, Traditional ⇄ Simplified), so front ends mark titles from these, never by searching.
   */
  titleMarks: [number, number][]
  /** The article's marks now, as list rows carry them (ArticleListItem). */
  read: boolean
  favourite: boolean
}

export interface SearchResponse {
  total: number
  hits: SearchHit[]
  /** Facets of ALL matches (not just this page), for narrowing. */
  facets: Facets
}

// ---------------------------------------------------------------- marks

export interface SetMarkRequest {
  id: string
  read?: boolean
  favourite?: boolean
}

// ---------------------------------------------------------------- export (./exportTypes.ts)

export type {
  ExportMargins,
  ExportRequest,
  ExportResult,
  ExportSkipped,
  JobRequest,
  PaperSize,
} from './exportTypes'
import type { ExportRequest, ExportResult, JobRequest } from './exportTypes'

/** Facts about the running app that only the engine's host knows. */
export interface AppInfo {
  version: string
  /** Absolute path of the demo archive that ships with the app, or null when it is missing. */
  demoArchivePath: string | null
}

export interface OpenArchiveRequest {
  path: string
}

// ---------------------------------------------------------------- the interface

/**
 * Methods are function-typed properties (not method syntax) so that `const { search } = api` is
 * fine for the client: its functions never use `this`. An engine written as a class is still
 * assignable; adapters call it through dispatch(), which keeps `this`.
 */
export interface ArchiveApi {
  // app
  getAppInfo: () => Promise<AppInfo>
  // library
  openArchive: (arg: OpenArchiveRequest) => Promise<ArchiveInfo>
  closeArchive: () => Promise<void>
  getArchiveInfo: () => Promise<ArchiveInfo | null>
  listArticles: (arg: ListArticlesRequest) => Promise<ArticlePage>
  getFacets: (arg: FacetsRequest) => Promise<Facets>
  getArticle: (arg: ArticleRequest) => Promise<ArticleView>
  getHealth: () => Promise<ArchiveHealth>
  // search
  search: (arg: SearchRequest) => Promise<SearchResponse>
  // state
  setMark: (arg: SetMarkRequest) => Promise<ArticleMark>
  getSettings: () => Promise<Settings>
  updateSettings: (arg: SettingsPatch) => Promise<Settings>
  getRecentArchives: () => Promise<RecentArchive[]>
  // images
  getImageCacheStatus: () => Promise<ImageCacheStatus>
  cacheAllImages: () => Promise<ImageCacheStatus>
  cancelImageCaching: () => Promise<ImageCacheStatus>
  retryFailedImages: () => Promise<ImageCacheStatus>
  getImageCacheReport: (arg: ImageReportRequest) => Promise<ImageCacheReport>
  getImageStates: (arg: ImageStatesRequest) => Promise<ImageState[]>
  /** Downloads one image again now (high priority), whatever happened to it before. */
  retryImage: (arg: ImageKeyRequest) => Promise<ImageState>
  // export
  exportPdf: (arg: ExportRequest) => Promise<ExportResult>
  cancelExport: (arg: JobRequest) => Promise<void>
}

export type MethodName = keyof ArchiveApi
/** The argument of a method (`undefined` for methods without one). */
export type MethodArg<M extends MethodName> = Parameters<ArchiveApi[M]>[0]
export type MethodResult<M extends MethodName> = Awaited<ReturnType<ArchiveApi[M]>>
