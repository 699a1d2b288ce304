/**
 * One article file's bytes → Article. Pure apart from hashing: no file access,
 * so the watcher, the scanner and tests share it. It never throws: every
 * problem a file can have becomes an issue on an article that is still listed.
 */
import { hash } from 'node:crypto'
import type {
  Article,
  ArticleIssue,
  ArticleSummary,
  ScannedArticle,
  TitleSource,
} from '../../../shared/types/article'
import { createLogger } from '../log'
import { isHtmlFileName } from './fileNames'
import type { ReadOptions } from './options'
import { resolveArticleDate } from './parse/articleDate'
import { fileStem, idFileName, idFolder } from './parse/articleFileName'
import { collectImages, frontMatterImage } from './parse/articleImages'
import {
  cleanTitle,
  frontMatterAuthor,
  frontMatterCategories,
  frontMatterLink,
  frontMatterTags,
  frontMatterTitle,
} from './parse/frontMatterFields'
import { splitFrontMatter } from './parse/frontMatter'
import { scanHtml, type HtmlScan } from './parse/htmlScan'
import { bodyLooksLikeHtml, renderMarkdown } from './parse/markdown'
import { decodeArticleBytes } from './parse/textDecoding'

export { isArticleFileName } from './fileNames'

const log = createLogger('archive')

export interface ParseInput {
  /** Path relative to the archive root, '/' separators. */
  id: string
  /** The bytes read (at most options.maxFileBytes). */
  bytes: Uint8Array
  /** The file's full size in bytes, which may exceed bytes.length when truncated. */
  size: number
  mtimeMs: number
  /** True when the file was larger than options.maxFileBytes and only its start was read. */
  truncated: boolean
}

const UNTITLED = '(untitled)'

export function parseArticle(input: ParseInput, options: ReadOptions): Article {
  try {
    return parseUnchecked(input, options)
  } catch (error) {
    // A bug here must not stop a 100k-file scan: list the file with the reason instead.
    log.error(`failed to parse ${input.id}`, error)
    return emptyArticle(input.id, input.size, input.mtimeMs, hashBytes(input.bytes), options, [
      {
        code: 'FILE_UNREADABLE',
        message: `archive: the parser failed on this file (${error instanceof Error ? error.message : String(error)}).`,
      },
    ])
  }
}

/** An article with no content: for files that are empty, binary, unreadable or gone. */
export function emptyArticle(
  id: string,
  size: number,
  mtimeMs: number,
  hash: string,
  options: ReadOptions,
  issues: ArticleIssue[],
): Article {
  const fileName = idFileName(id)
  const resolved = resolveArticleDate(undefined, fileName, mtimeMs, options.timeZone)
  return {
    id,
    title: fileNameTitle(fileName),
    titleSource: 'filename',
    date: resolved.date,
    dateSource: resolved.dateSource,
    month: resolved.month,
    categories: [],
    tags: [],
    author: null,
    headimg: null,
    thumbnail: null,
    link: null,
    imageCount: 0,
    format: isHtmlFileName(fileName) ? 'html' : 'markdown',
    encoding: 'utf-8',
    size,
    mtimeMs,
    hash,
    issues,
    frontMatter: {},
    bodyHtml: '',
    text: '',
    images: [],
  }
}

function parseUnchecked(input: ParseInput, options: ReadOptions): Article {
  const { id, bytes, size, mtimeMs, truncated } = input
  const hash = hashBytes(bytes)
  const issues: ArticleIssue[] = []
  if (truncated) {
    issues.push({
      code: 'FILE_TOO_LARGE',
      message: `archive: the file is ${size} bytes, over the ${options.maxFileBytes}-byte limit; only its first ${bytes.length} bytes were read.`,
    })
  }

  const decoded = decodeArticleBytes(bytes, truncated)
  if (decoded.kind === 'empty') {
    return emptyArticle(id, size, mtimeMs, hash, options, [
      ...issues,
      { code: 'FILE_EMPTY', message: 'archive: the file is empty.' },
    ])
  }
  if (decoded.kind === 'binary') {
    return emptyArticle(id, size, mtimeMs, hash, options, [
      ...issues,
      {
        code: 'FILE_BINARY',
        message:
          'archive: the file holds binary data (NUL or control bytes), not text; it is listed but not indexed.',
      },
    ])
  }
  if (decoded.fallbackNote)
    issues.push({ code: 'ENCODING_FALLBACK', message: `archive: ${decoded.fallbackNote}` })

  const split = splitFrontMatter(decoded.text)
  if (split.issue) issues.push(split.issue)
  const frontMatter = split.frontMatter

  const fileName = idFileName(id)
  const folder = idFolder(id)
  const { format, bodyHtml, scan } = scanBody(fileName, split.body)

  const { title, titleSource } = chooseTitle(
    frontMatter.title,
    scan.firstHeading,
    scan.documentTitle,
    fileName,
  )
  const resolvedDate = resolveArticleDate(frontMatter.date, fileName, mtimeMs, options.timeZone)
  if (resolvedDate.issue) issues.push(resolvedDate.issue)

  const headimg = frontMatterImage(frontMatter.headimg, folder)
  const thumbnail = frontMatterImage(frontMatter.thumbnail, folder)
  const images = collectImages(
    [
      { image: headimg, source: 'headimg' },
      { image: thumbnail, source: 'thumbnail' },
    ],
    scan.images,
    folder,
  )

  return {
    id,
    title,
    titleSource,
    date: resolvedDate.date,
    dateSource: resolvedDate.dateSource,
    month: resolvedDate.month,
    categories: frontMatterCategories(frontMatter.categories),
    tags: frontMatterTags(frontMatter.tags),
    author: frontMatterAuthor(frontMatter.author),
    headimg: headimg?.url ?? null,
    thumbnail: thumbnail?.url ?? null,
    link: frontMatterLink(frontMatter),
    imageCount: images.length,
    format,
    encoding: decoded.encoding,
    size,
    mtimeMs,
    hash,
    issues,
    frontMatter,
    bodyHtml,
    text: scan.text,
    images,
  }
}

/** Front matter, then the first heading (or an HTML page's <title>), then the file name; never empty. */
function chooseTitle(
  frontMatterValue: unknown,
  heading: string | null,
  documentTitle: string | null,
  fileName: string,
): { title: string; titleSource: TitleSource } {
  const fromFrontMatter = frontMatterTitle(frontMatterValue)
  if (fromFrontMatter) return { title: fromFrontMatter, titleSource: 'front-matter' }
  const fromBody = heading ?? documentTitle
  if (fromBody) return { title: cleanTitle(fromBody), titleSource: 'heading' }
  return { title: fileNameTitle(fileName), titleSource: 'filename' }
}

function fileNameTitle(fileName: string): string {
  return cleanTitle(fileStem(fileName)) || UNTITLED
}

function hashBytes(bytes: Uint8Array): string {
  return hash('sha1', bytes, 'hex')
}

/** Whether a body (after the front matter) is HTML or Markdown: by its file name, else its start. */
export function bodyFormat(fileName: string, body: string): 'html' | 'markdown' {
  return isHtmlFileName(fileName) || bodyLooksLikeHtml(body) ? 'html' : 'markdown'
}

/** A body (after the front matter) as HTML and scanned: Markdown is rendered first. */
export function scanBody(
  fileName: string,
  body: string,
): { format: 'html' | 'markdown'; bodyHtml: string; scan: HtmlScan } {
  const format = bodyFormat(fileName, body)
  const bodyHtml = format === 'html' ? body.trim() : renderMarkdown(body)
  return { format, bodyHtml, scan: scanHtml(bodyHtml, format === 'markdown' ? 'markdown' : 'img') }
}

/** The list row: the article without its front matter, body, text and image list. */
export function toSummary(article: Article | ScannedArticle): ArticleSummary {
  const {
    frontMatter: _frontMatter,
    bodyHtml: _bodyHtml,
    text: _text,
    images: _images,
    ...summary
  } = article as Partial<Article> & ArticleSummary
  return summary
}

/** The part of an article a scan passes on: summary and plain text ('' without `withText`). */
export function toScanned(article: Article, withText = true): ScannedArticle {
  const { frontMatter: _frontMatter, bodyHtml: _bodyHtml, images: _images, ...scanned } = article
  return withText ? scanned : { ...scanned, text: '' }
}
