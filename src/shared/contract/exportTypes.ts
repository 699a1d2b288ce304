/**
 * The export part of the contract (ArchiveApi.exportPdf / cancelExport): what a front end asks
 * for and gets back. Re-exported by ./api.ts, where the methods themselves are declared.
 */

export type PaperSize = 'A4' | 'Letter'

/** Page margins in millimetres. */
export interface ExportMargins {
  top: number
  right: number
  bottom: number
  left: number
}

/** Exactly one of `ids` and `query` selects the articles. */
export interface ExportRequest {
  /** Article ids, in the order they should appear. */
  ids?: string[]
  /** A search query: every match is exported, in the order the search ranks them. */
  query?: string
  /**
   * Absolute path of the PDF to write; with `perArticle`, the folder that receives one PDF per
   * article (created if needed).
   */
  destination: string
  /** One PDF per article instead of one book (default false). */
  perArticle?: boolean
  /** Default 'A4'. */
  paper?: PaperSize
  /** Default 15 mm top and bottom, 12 mm left and right. */
  marginsMm?: ExportMargins
  /** Images from the cache (default true); a missing one becomes a small placeholder. */
  includeImages?: boolean
  /** A cover page: title, number of articles, date range, export date (default true; books only). */
  includeCover?: boolean
  /** A table of contents linking to each article (default true; books only). */
  includeToc?: boolean
  /** Cover and PDF title (default: the archive's folder name). */
  title?: string
  /** Replace existing files; otherwise DESTINATION_EXISTS. */
  overwrite?: boolean
  /** Optional id chosen by the caller, so it can cancel before the call returns. */
  jobId?: string
}

export interface ExportResult {
  jobId: string
  /** Absolute paths of the files written. */
  files: string[]
  /** Articles printed (the selection less `skipped`). */
  articles: number
  pages: number
  bytes: number
  /**
   * Articles left out because their file was deleted or moved while the export ran (a book's
   * cover, contents and bookmarks list only what was printed). When every one is gone the
   * export fails instead (ARTICLE_NOT_FOUND), and nothing is written.
   */
  skipped: ExportSkipped[]
}

export interface ExportSkipped {
  id: string
  /** Its title when the export started. */
  title: string
}

export interface JobRequest {
  jobId: string
}
