/**
 * The library half of the contract: open/close an archive, page through it,
 * facets, one article, health, marks. It owns the ArchiveSession of the open
 * archive and turns its callbacks into contract events.
 */
import path from 'node:path'
import type {
  ArchiveHealth,
  ArchiveInfo,
  ArticlePage,
  ArticleView,
  Facets,
  FacetsRequest,
  ImageCacheStatus,
  ListArticlesRequest,
  SetMarkRequest,
} from '../../../shared/contract/api'
import type { ArticleMark } from '../../../shared/types/settings'
import type { ArticleIssueCode } from '../../../shared/errors'
import { ApiError } from '../../../shared/errors'
import { MAX_ID_PAGE, MAX_ROW_PAGE } from '../../../shared/contract/api'
import type { ArticleSummary, ScannedArticle } from '../../../shared/types/article'
import { sourceOfCategories } from '../../../shared/articleSource'
import type { EventHub } from '../eventHub'
import type { ArchiveMarks } from '../state/marks'
import { FAVOURITE_BIT, READ_BIT, type MatchCatalog } from '../search/hostIds'
import { imageKey } from '../images/imageKey'
import { LocalImages } from '../images/localImages'
import { ThumbnailKeys } from './thumbnailKeys'
import { ArchiveSession, type CatalogChange, type SessionOptions } from './archiveSession'
import { openArchiveRoot } from '../archive/scan'
import type { ReadOptions } from '../archive/options'
import { archiveDataDir } from '../state/paths'
import { ArchiveLocks, type ArchiveLease } from '../state/archiveLock'
import { createLogger } from '../log'
import { computeFacets, defaultOrder, matchesFilter, toListItem, type MarkLookup } from './query'
import { SortedViews } from './sortedViews'
import { RecentMoves } from './recentMoves'
import { IndexProgressTracker } from './indexProgress'

const log = createLogger('library')

const MAX_HEALTH_ISSUES = 1000

/** What the library tells the search index (and anything else following the catalog). */
export interface CatalogFollower {
  /**
   * An archive is opening at this real path (called before its first scan), read with `read`.
   * `lease`: whether this engine owns the archive's data folder (state/archiveLock.ts); a
   * follower that writes there after the library closed keeps a share of it until then.
   */
  start(root: string, read?: Partial<ReadOptions>, lease?: ArchiveLease): void
  /**
   * The catalog is complete: `summaries` are the files on disk after the first scan, or the
   * snapshot's before its verification. Its differences, and watcher batches that came
   * meanwhile, follow as `changed`. `library` answers for it from now on (its match catalog
   * may still be null for a moment: the archive's marks are loading).
   */
  scanned?(summaries: ArticleSummary[], library: LibraryService): void
  /** One article of the first scan, as it joins the catalog (text: see wantsScannedText). */
  scannedArticle?(article: ScannedArticle): void
  /** Whether the first scan's next articles should carry their text. */
  wantsScannedText?(): boolean
  /** The archive was closed. */
  stop(): Promise<void>
  /**
   * One watcher batch or rescan applied to the catalog. Resolves once the follower has applied
   * it too, with its index's size then (null when unknown): the progress bar waits for it.
   */
  changed(change: CatalogChange): Promise<number | null>
}

export interface OpenedArchive {
  session: ArchiveSession
  marks: ArchiveMarks
  progress: IndexProgressTracker
  /** Renames of this session, for front ends that missed their events (see RecentMoves). */
  moves: RecentMoves
  /** Whether this engine owns the archive's data folder (null: no data folder). */
  lease: ArchiveLease | null
}

export class LibraryService {
  private current: OpenedArchive | null = null
  private readonly views = new SortedViews(() => this.current?.session.summaries() ?? [])
  /** Images inside the archive folder, served from it by key (see LocalImages). */
  readonly localImages = new LocalImages()
  private readonly thumbnails = new ThumbnailKeys(this.localImages)
  /** Who writes each archive's data folder: one process at a time (state/archiveLock.ts). */
  private readonly locks = new ArchiveLocks()

  constructor(
    private readonly hub: EventHub,
    private readonly follower: CatalogFollower,
    private readonly loadMarks: (
      root: string,
      options: { readOnly: boolean },
    ) => Promise<ArchiveMarks>,
    /** The app's data folder: each archive's catalog snapshot is kept in its folder there. */
    private readonly dataDir?: string,
  ) {}

  get opened(): OpenedArchive | null {
    return this.current
  }

  async open(
    folder: string,
    options: Omit<SessionOptions, 'listener'>,
  ): Promise<{ info: ArchiveInfo; scanned: Promise<void> }> {
    await this.close()
    // The real path first: the follower keys its files by it, and must be ready before the scan.
    const root = await openArchiveRoot(folder)
    const archiveDir = this.dataDir ? archiveDataDir(this.dataDir, root) : undefined
    const lease = archiveDir ? this.locks.acquire(archiveDir) : null
    if (lease && !lease.owner)
      log.warn(
        `the archive ${root} is open in another process (${lease.why ?? 'its lock is held'}; ` +
          `lock file ${lease.file}): this one reads its saved index and catalog and writes ` +
          'nothing there; marks set here are not saved',
      )
    try {
      return await this.openSession(root, options, lease, archiveDir)
    } catch (error) {
      lease?.release()
      throw error
    }
  }

  private async openSession(
    root: string,
    options: Omit<SessionOptions, 'listener'>,
    lease: ArchiveLease | null,
    archiveDir: string | undefined,
  ): Promise<{ info: ArchiveInfo; scanned: Promise<void> }> {
    this.follower.start(root, options.read, lease ?? undefined)
    const progress = new IndexProgressTracker((event) => this.hub.emit(event))
    let opened: OpenedArchive | null = null
    let readyBeforeOpen: ArticleSummary[] | null = null
    const { session, scanned } = await ArchiveSession.open(root, {
      ...(archiveDir ? { snapshotDir: archiveDir } : {}),
      ...(lease && !lease.owner ? { snapshotReadOnly: true } : {}),
      ...options,
      listener: {
        onScanned: (article) => {
          this.views.invalidate()
          this.follower.scannedArticle?.(article)
        },
        wantsScannedText: () => this.follower.wantsScannedText?.() === true,
        // From a snapshot this comes at once, and the follower (the search index) answers for
        // every listed article; the snapshot's verification follows as a change. Told once the
        // archive is current here (its marks loaded), so that the follower can query it.
        onCatalogReady: (summaries) => {
          this.views.invalidate()
          if (opened) this.follower.scanned?.(summaries, this)
          else readyBeforeOpen = summaries
        },
        onProgress: ({ read, total, done }) => progress.scanned(read, total, done),
        onChange: (change) => {
          if (opened) noteMoves(opened, change)
          // Outside a scan (a watcher batch) the figures follow the catalog's size.
          const session = opened?.session
          const articles = session?.status === 'ready' ? session.size : null
          progress.changeSent(this.follower.changed(change), articles)
          this.views.invalidate()
          this.hub.emit({
            type: 'articles-changed',
            upserted: change.upserted.map((a) => a.id),
            removed: change.removed,
            renamed: change.renamed,
          })
        },
        onStatus: (status, message) => {
          if (status === 'closed') return
          this.hub.emit({ type: 'archive-status', status, ...(message ? { message } : {}) })
        },
      },
    })
    opened = {
      session,
      marks: await this.loadMarks(session.root, { readOnly: lease?.owner === false }),
      progress,
      moves: new RecentMoves(),
      lease,
    }
    this.current = opened
    if (readyBeforeOpen) this.follower.scanned?.(readyBeforeOpen, this)
    return { info: this.info() as ArchiveInfo, scanned }
  }

  async close(): Promise<void> {
    const previous = this.current
    this.current = null
    this.views.invalidate()
    this.localImages.clear()
    this.thumbnails.clear()
    if (previous) {
      await previous.session.close()
      await this.follower.stop()
      previous.lease?.release() // the search index keeps its own share until its last save
      this.hub.emit({ type: 'archive-status', status: 'idle' })
    }
  }

  /** The search index reports how far it is; the progress bar shows read and indexed side by side. */
  reportIndexed(indexed: number, done: boolean): void {
    this.current?.progress.indexed(indexed, done)
  }

  summaries(): ArticleSummary[] {
    return this.current ? [...this.current.session.summaries()] : []
  }

  info(): ArchiveInfo | null {
    if (!this.current) return null
    const { session, progress } = this.current
    const issueCounts: Partial<Record<ArticleIssueCode, number>> = {}
    for (const summary of session.summaries()) {
      for (const issue of summary.issues)
        issueCounts[issue.code] = (issueCounts[issue.code] ?? 0) + 1
    }
    return {
      path: session.root,
      name: path.basename(session.root),
      status: session.status === 'closed' ? 'idle' : session.status,
      articleCount: session.size,
      issueCounts,
      progress: { ...progress.figures },
      timeZone: session.timeZone,
    }
  }

  list(request: ListArticlesRequest): ArticlePage {
    const { session, marks } = this.require()
    const sort = request.sort ?? 'date'
    const order = request.order ?? defaultOrder(sort)
    const offset = request.offset ?? 0
    const limit = Math.min(request.limit ?? 100, request.idsOnly ? MAX_ID_PAGE : MAX_ROW_PAGE)
    const lookup = markLookup(marks)
    const view = this.views.get(sort, order)
    const filtered = request.filter
      ? view.filter((s) => matchesFilter(s, request.filter, lookup))
      : view
    const rows = filtered.slice(offset, offset + limit)
    // Ids only (select all): no row is built, no thumbnail keyed or registered.
    if (request.idsOnly) return { total: filtered.length, items: [], ids: rows.map((s) => s.id) }
    return {
      total: filtered.length,
      items: rows.map((s) => toListItem(s, lookup, this.thumbnails.keyOf(session.root, s))),
    }
  }

  facets(request: FacetsRequest): Facets {
    const { session, marks } = this.require()
    const lookup = markLookup(marks)
    const all = [...session.summaries()]
    return computeFacets(
      request.filter ? all.filter((s) => matchesFilter(s, request.filter, lookup)) : all,
      lookup,
    )
  }

  /** Facets of an arbitrary set of ids (a search's matches). */
  facetsOf(summaries: ArticleSummary[]): Facets {
    return computeFacets(summaries, markLookup(this.require().marks))
  }

  markLookup(): MarkLookup {
    return markLookup(this.require().marks)
  }

  /** The open archive's catalog and marks as search/hostIds.ts keeps them in columns. */
  matchCatalog(): MatchCatalog | null {
    if (!this.current) return null
    const { session, marks } = this.current
    return {
      owner: session,
      revision: session.revision,
      marksRevision: marks.revision,
      markCount: marks.size,
      marksChangedSince: (revision) => marks.changedSince(revision),
      summaries: () => session.summaries(),
      get: (id) => session.get(id),
      changedSince: (revision) => session.changedSince(revision),
      markBits: (summary) => {
        const mark = marks.get(summary.id, summary.hash)
        return (mark.read ? READ_BIT : 0) | (mark.favourite ? FAVOURITE_BIT : 0)
      },
    }
  }

  summary(id: string): ArticleSummary | undefined {
    return this.current?.session.get(id)
  }

  async article(id: string): Promise<ArticleView> {
    const { session, marks, moves } = this.require()
    if (!session.get(id)) {
      const to = moves.resolve(id, (other) => session.get(other) !== undefined)
      if (to !== undefined)
        throw new ApiError(
          'ARTICLE_NOT_FOUND',
          `library: no article "${id}" in ${session.root}: its file was renamed to "${to}".`,
          { reason: 'renamed', values: { id: to } },
        )
      throw new ApiError('ARTICLE_NOT_FOUND', `library: no article "${id}" in ${session.root}.`)
    }
    const article = await session.readFull(id)
    return {
      ...article,
      source: sourceOfCategories(article.categories),
      mark: toContractMark(id, marks.get(id, article.hash)),
      // Archive images are looked up on disk at every read (a stat each): a missing or refused
      // one says why, so the reader shows its placeholder instead of asking for it in vain.
      images: await Promise.all(
        article.images.map(async (image) =>
          image.local
            ? { ...image, ...(await this.localImages.describe(session.root, image.url)) }
            : { ...image, key: imageKey(image.url), status: 'not-cached' as const },
        ),
      ),
    }
  }

  setMark(request: SetMarkRequest): ArticleMark {
    const { session, marks } = this.require()
    const summary = session.get(request.id)
    if (!summary)
      throw new ApiError(
        'ARTICLE_NOT_FOUND',
        `library: no article "${request.id}" in ${session.root}.`,
      )
    const patch: { read?: boolean; favourite?: boolean } = {}
    if (request.read !== undefined) patch.read = request.read
    if (request.favourite !== undefined) patch.favourite = request.favourite
    const mark = marks.set(request.id, summary.hash, patch)
    this.views.invalidate()
    return toContractMark(request.id, mark)
  }

  health(images: ImageCacheStatus): ArchiveHealth {
    const { session } = this.require()
    const issues: ArchiveHealth['issues'] = []
    let issueTotal = 0
    const dateSources = { 'front-matter': 0, filename: 0, mtime: 0 }
    const issueCounts: Partial<Record<ArticleIssueCode, number>> = {}
    for (const summary of session.summaries()) {
      dateSources[summary.dateSource]++
      for (const issue of summary.issues) {
        issueTotal++
        issueCounts[issue.code] = (issueCounts[issue.code] ?? 0) + 1
        if (issues.length < MAX_HEALTH_ISSUES) issues.push({ id: summary.id, ...issue })
      }
    }
    return { issues, issueTotal, issueCounts, dateSources, images }
  }

  private require(): OpenedArchive {
    if (!this.current)
      throw new ApiError('NO_ARCHIVE_OPEN', 'library: no archive is open. Open a folder first.')
    return this.current
  }
}

function markLookup(marks: ArchiveMarks): MarkLookup {
  return {
    read: (s) => marks.get(s.id, s.hash).read,
    favourite: (s) => marks.get(s.id, s.hash).favourite,
  }
}

function toContractMark(
  id: string,
  mark: { read: boolean; favourite: boolean; updatedAt: string },
): ArticleMark {
  const at = mark.updatedAt || null
  return {
    id,
    read: mark.read,
    favourite: mark.favourite,
    readAt: mark.read ? at : null,
    favouriteAt: mark.favourite ? at : null,
  }
}

/** A rename moves the file's marks and is remembered; a deletion ends the moves into it. */
function noteMoves({ marks, moves }: OpenedArchive, change: CatalogChange): void {
  if (change.removed.length > change.renamed.length) {
    const movedAway = new Set(change.renamed.map(({ from }) => from))
    moves.forgetTargets(new Set(change.removed.filter((id) => !movedAway.has(id))))
  }
  for (const { from, to } of change.renamed) {
    marks.rename(from, to)
    moves.note(from, to)
  }
}
