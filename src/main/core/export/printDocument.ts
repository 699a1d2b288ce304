/**
 * The print document: one complete HTML file per print job (a whole book when it is small, a
 * chunk of articles otherwise). Articles are h1 sections that each start a page, so Chromium's
 * outline gives exactly one top-level bookmark per article (body headings are shifted below h1
 * by the sanitizer, and the cover and contents use no headings). Contents entries link to
 * `ARTICLE_LINK_PREFIX<n>`; the assembler turns those into in-document links after merging, so
 * they work across chunks.
 */
import type { ExportMargins } from '../../../shared/contract/api'
import type { DateSource } from '../../../shared/types/article'
import { escapeAttr, escapeText } from './sanitizeForPrint'

export const ARTICLE_LINK_PREFIX = 'https://archive-browser.invalid/article/'

/** No script, no remote anything: images from the document's folder (file:) or data: only. */
export const PRINT_CSP =
  "default-src 'none'; img-src file: data:; style-src 'unsafe-inline'; font-src 'none'; " +
  "script-src 'none'; connect-src 'none'; frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"

/**
 * Latin fonts first, then the CJK ones, as in the reader (src/renderer/src/styles/base.css says
 * why): with a CJK font first, English printed "Dongarra’ s" with a full-width ’. Chinese
 * characters still come from the CJK serif; “” in Chinese text are the Latin font's, narrow.
 */
const FONT_STACK =
  '"Times New Roman", "Noto Serif", "Liberation Serif", "DejaVu Serif", ' +
  '"Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", ' +
  '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", ' +
  '"WenQuanYi Zen Hei", serif'
const MONO_STACK =
  '"DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", "Noto Sans Mono CJK SC", monospace'

const STYLE = `
html { font-family: ${FONT_STACK}; font-size: 11pt; line-height: 1.65; color: #111; }
body { margin: 0; }
.article { break-before: page; }
.article:first-child { break-before: auto; }
h1 { font-size: 20pt; line-height: 1.3; margin: 0 0 6pt; }
h2 { font-size: 15pt; } h3 { font-size: 13pt; } h4, h5, h6 { font-size: 11.5pt; }
h2, h3, h4, h5, h6 { break-after: avoid; line-height: 1.35; }
.meta { color: #555; font-size: 9.5pt; margin: 0 0 12pt; }
img { max-width: 100%; max-height: 220mm; height: auto; break-inside: avoid; page-break-inside: avoid; }
figure, .header-image { margin: 0 0 12pt; break-inside: avoid; }
p, li, blockquote { overflow-wrap: anywhere; }
pre, code { font-family: ${MONO_STACK}; font-size: 9pt; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f5f5f5; padding: 6pt; }
table { border-collapse: collapse; max-width: 100%; table-layout: fixed; width: 100%; }
td, th { border: 0.5pt solid #bbb; padding: 2pt 4pt; overflow-wrap: anywhere; vertical-align: top; }
tr { break-inside: avoid; }
blockquote { margin: 0 0 0 12pt; padding-left: 8pt; border-left: 2pt solid #ccc; color: #333; }
a { color: #14c; text-decoration: none; }
.img-missing { display: inline-block; font-size: 8pt; color: #777; border: 0.5pt dashed #aaa; padding: 1pt 4pt; }
.cover { break-after: page; padding-top: 70mm; text-align: center; }
.cover-title { font-size: 26pt; font-weight: bold; margin: 0 0 18pt; }
.cover p { margin: 4pt 0; color: #333; }
.toc { break-after: page; }
.toc-title { font-size: 18pt; font-weight: bold; margin: 0 0 10pt; }
.toc ol { padding-left: 18pt; margin: 0; }
.toc li { margin: 0 0 4pt; break-inside: avoid; }
.toc .toc-meta { color: #666; font-size: 8.5pt; margin-left: 6pt; }
.toc-note { color: #666; font-size: 8.5pt; margin: 0 0 8pt; }
.date-inferred { font-style: italic; }
`

export interface PrintArticle {
  /** Position in the whole export (0-based), for contents links. */
  index: number
  title: string
  source: string | null
  author: string | null
  date: string | null
  /** Where the date came from: anything but the front matter is marked as inferred. */
  dateSource: DateSource
  /** Sanitized header image (an <img> or a placeholder), or ''. */
  headerHtml: string
  /** Sanitized body. */
  bodyHtml: string
}

export interface ContentsEntry {
  index: number
  title: string
  source: string | null
  date: string | null
  dateSource: DateSource
}

export interface CoverFacts {
  title: string
  articles: number
  dateRange: DateRange
  exportDate: string
}

/** 'YYYY-MM-DD' of an ISO date, or ''. */
export const dayOf = (iso: string | null): string => (iso ? iso.slice(0, 10) : '')

/**
 * A date not in the front matter (from the file name or the file's mtime) is marked as the UI
 * marks it: "≈" after the day (the list), and the reader's sentence beside it in an article's
 * meta line; printed plain it looked like a real date.
 */
export const INFERRED_MARK = '≈'
const INFERRED_SENTENCE: Record<Exclude<DateSource, 'front-matter'>, string> = {
  filename: '日期根据文件名推断 · date inferred from the file name',
  mtime: '日期根据文件修改时间推断 · date inferred from the file’s modification time',
}
/** What "≈" says where it stands alone (the contents, the cover's range). */
const INFERRED_WORDS = '日期为推断 · dates inferred from file names or modification times'

const isInferred = (source: DateSource): boolean => source !== 'front-matter'

/** The day as text, "≈" after an inferred one: '2021-06-01', '2026-12-07≈' or ''. */
export function dayText(date: string | null, source: DateSource): string {
  const day = dayOf(date)
  return day && isInferred(source) ? `${day}${INFERRED_MARK}` : day
}

/** The day as HTML: an inferred one in italics, with the reason when `explain`. */
function dayHtml(date: string | null, source: DateSource, explain: boolean): string {
  const day = dayOf(date)
  if (!day || source === 'front-matter') return escapeText(day)
  const reason = explain ? `（${INFERRED_SENTENCE[source]}）` : ''
  return `<span class="date-inferred">${escapeText(day + INFERRED_MARK + reason)}</span>`
}

export interface DateRange {
  /** 'first – last', one day, or '' when no article has a date. */
  text: string
  /** Made of inferred dates only (no article had one in its front matter). */
  inferred: boolean
}

/**
 * The cover's and running header's range: the front matter's dates only, since an inferred
 * date (often the day the file was copied) would stretch the range to days nothing was written;
 * the inferred ones, marked, when no article has any other.
 */
export function dateRangeOf(
  articles: readonly { date: string | null; dateSource: DateSource }[],
): DateRange {
  const dated = articles.filter((a) => dayOf(a.date) !== '')
  const stated = dated.filter((a) => !isInferred(a.dateSource))
  const inferred = stated.length === 0 && dated.length > 0
  const days = (inferred ? dated : stated).map((a) => dayOf(a.date)).sort()
  if (days.length === 0) return { text: '', inferred: false }
  const first = days[0] as string
  const last = days[days.length - 1] as string
  return { text: first === last ? first : `${first} – ${last}`, inferred }
}

/** The range for a running header: "≈" after it when inferred. */
export const rangeText = (range: DateRange): string =>
  range.inferred ? `${range.text} ${INFERRED_MARK}` : range.text

/**
 * The non-empty parts joined by " · ", each once: a feed often names itself as the author too
 * ("3DMGame · 3DMGame · 2022-05-11" said the source twice).
 */
export function metaLine(parts: readonly (string | null)[]): string {
  const seen = new Set<string>()
  const kept: string[] = []
  for (const part of parts) {
    const text = part?.trim() ?? ''
    const key = text.toLowerCase()
    if (text === '' || seen.has(key)) continue
    seen.add(key)
    kept.push(text)
  }
  return kept.join(' · ')
}

export function coverHtml(facts: CoverFacts): string {
  const range = facts.dateRange
  return (
    `<section class="cover"><p class="cover-title">${escapeText(facts.title)}</p>` +
    `<p>${facts.articles} 篇文章 · ${facts.articles} article${facts.articles === 1 ? '' : 's'}</p>` +
    (range.text
      ? range.inferred
        ? `<p class="date-inferred">${escapeText(`${rangeText(range)}（${INFERRED_WORDS}）`)}</p>`
        : `<p>${escapeText(range.text)}</p>`
      : '') +
    `<p>导出于 Exported ${escapeText(facts.exportDate)}</p></section>`
  )
}

/** Source, author… joined once each (metaLine), then the day, marked when inferred. */
function metaHtml(
  parts: readonly (string | null)[],
  date: string | null,
  dateSource: DateSource,
  explain: boolean,
): string {
  return [escapeText(metaLine(parts)), dayHtml(date, dateSource, explain)]
    .filter(Boolean)
    .join(' · ')
}

export function contentsHtml(entries: readonly ContentsEntry[]): string {
  const items = entries.map(
    (entry) =>
      `<li><a href="${ARTICLE_LINK_PREFIX}${entry.index}">${escapeText(entry.title)}</a>` +
      `<span class="toc-meta">${metaHtml([entry.source], entry.date, entry.dateSource, false)}</span></li>`,
  )
  // The "≈" of an entry is explained once, above the list.
  const legend = entries.some((entry) => dayOf(entry.date) && isInferred(entry.dateSource))
    ? `<p class="toc-note">${escapeText(`${INFERRED_MARK} ${INFERRED_WORDS}`)}</p>`
    : ''
  return `<nav class="toc"><p class="toc-title">目录 Contents</p>${legend}<ol>${items.join('')}</ol></nav>`
}

export function articleHtml(article: PrintArticle): string {
  const meta = metaHtml([article.source, article.author], article.date, article.dateSource, true)
  return (
    `<article class="article"><h1>${escapeText(article.title)}</h1>` +
    (meta ? `<p class="meta">${meta}</p>` : '') +
    (article.headerHtml ? `<figure class="header-image">${article.headerHtml}</figure>` : '') +
    `<div class="body">${article.bodyHtml}</div></article>`
  )
}

/** A complete document around already-escaped parts (cover, contents, articles). */
export function printDocumentHtml(title: string, parts: readonly string[]): string {
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttr(PRINT_CSP)}">` +
    `<meta name="referrer" content="no-referrer">` +
    `<title>${escapeText(title)}</title><style>${STYLE}</style></head><body>` +
    parts.join('') +
    `</body></html>`
  )
}

/**
 * Chromium's header and footer: running title left, a second fact right; the footer leaves its
 * middle free for "n / m", drawn after merging (Chromium numbers pages per print job).
 */
export function headerFooter(
  left: string,
  right: string,
  margins: ExportMargins,
): { headerTemplate: string; footerTemplate: string } {
  const box =
    `font-family: ${escapeAttr(FONT_STACK)}; font-size: 7.5px; color: #666; width: 100%; ` +
    `margin: 0 ${margins.right}mm 0 ${margins.left}mm; display: flex; justify-content: space-between; gap: 8mm;`
  const cell = 'overflow: hidden; white-space: nowrap; text-overflow: ellipsis;'
  return {
    headerTemplate:
      `<div style="${box}"><span style="${cell}">${escapeText(left)}</span>` +
      `<span style="${cell} flex-shrink: 0;">${escapeText(right)}</span></div>`,
    footerTemplate: EMPTY_TEMPLATE,
  }
}

/** An explicit empty template: Chromium's default one would print a date, title and URL. */
const EMPTY_TEMPLATE = '<div style="font-size: 7.5px;"></div>'

/** No header and no footer (the cover). */
export function noHeaderFooter(): { headerTemplate: string; footerTemplate: string } {
  return { headerTemplate: EMPTY_TEMPLATE, footerTemplate: EMPTY_TEMPLATE }
}
