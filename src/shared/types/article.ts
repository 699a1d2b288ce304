/**
 * What the engine knows about one article file. These types cross every
 * boundary (worker, IPC, HTTP, CLI JSON), so they hold only plain data.
 */
import type { ArticleIssueCode } from '../errors'

/** Where an article's date came from, so the UI can mark inferred dates. */
export type DateSource = 'front-matter' | 'filename' | 'mtime'

/** Where the title came from: the front matter, the first heading of the body, or the file name. */
export type TitleSource = 'front-matter' | 'heading' | 'filename'

/** The body format, from the file extension. */
export type BodyFormat = 'html' | 'markdown'

/** Text encodings the reader accepts; GB18030 is tried when a file is not valid UTF-8. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030'

/** A problem with one file. The article is still listed; the issue says what went wrong and where. */
export interface ArticleIssue {
  code: ArticleIssueCode
  /** A sentence a person understands, naming the cause. */
  message: string
  /** 1-based line in the file, when the problem has a place. */
  line?: number
}

/** Where an image reference was found, which matters for choosing the header image and for the cache's priority. */
export type ImageRefSource = 'img' | 'srcset' | 'lazy' | 'headimg' | 'thumbnail' | 'markdown'

export interface ImageRef {
  /**
   * Absolute http(s) URL, with protocol-relative `//` resolved to https; or, when `local` is true,
   * the image file's path relative to the archive root with `/` separators.
   */
  url: string
  source: ImageRefSource
  /** True for an image stored in the archive (a relative path in the article), resolved against the article's folder. */
  local?: boolean
}

/** The list row of an article: everything but the body. Small enough to hold 100k of them in memory. */
export interface ArticleSummary {
  /** Path relative to the archive root with `/` separators. Stable as long as the file is not moved. */
  id: string
  title: string
  titleSource: TitleSource
  /** ISO 8601 in UTC, or null when no date could be found at all (never happens with a readable mtime). */
  date: string | null
  dateSource: DateSource
  /**
   * The date's calendar month, 'YYYY-MM', in the archive's time zone (the setting, else the
   * machine's): the month a reader there sees, which the timeline, month facets and filters
   * count by. Null without a date.
   */
  month: string | null
  /**
   * Category paths, outermost first. Hexo's `categories: [a, b, c]` is one path a › b › c;
   * nested lists `[[a, b], [c]]` are several paths.
   */
  categories: string[][]
  tags: string[]
  author: string | null
  /**
   * The front matter's `headimg`, normalized like ImageRef.url (https for `//`, an archive-relative
   * path for a relative one), or null when missing, empty or unusable (`''`, data:, javascript:).
   */
  headimg: string | null
  /** The front matter's `thumbnail`, normalized the same way. */
  thumbnail: string | null
  /** The original article's address, when the front matter gives one (`link`, `url`, `source_url`, `permalink`). */
  link: string | null
  imageCount: number
  format: BodyFormat
  encoding: TextEncoding
  /** File size in bytes. */
  size: number
  mtimeMs: number
  /** SHA-1 of the file's bytes (hex): detects renames and unchanged files. */
  hash: string
  issues: ArticleIssue[]
}

/** Everything parsed for one article. */
export interface Article extends ArticleSummary {
  /** The front matter as parsed (or recovered line by line when the YAML is invalid). */
  frontMatter: Record<string, unknown>
  /**
   * The body as HTML, UNSANITIZED: exactly what the file holds (Markdown rendered to HTML).
   * Every front end must sanitize it right before display.
   */
  bodyHtml: string
  /** Plain text of the body for indexing and snippets: no tags, scripts, styles or comments; entities decoded. */
  text: string
  /** Every image reference, deduplicated by URL, header image first. */
  images: ImageRef[]
}

/**
 * What a scan yields: the summary plus the plain text the search index needs.
 * The body HTML and front matter stay behind (the reader reads them on demand),
 * which halves what a 100k-article scan moves between threads.
 */
export interface ScannedArticle extends ArticleSummary {
  /** The plain text; '' when the scan was asked for summaries only (`withText: false`). */
  text: string
}
