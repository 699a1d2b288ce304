/**
 * The print document: one complete HTML file per print job (a whole book when it is small, a
 * chunk of articles otherwise). Articles are h1 sections that each start a page, so Chromium's
 * outline gives exactly one top-level bookmark per article (body headings are shifted below h1
 * by the sanitizer, and the cover and contents use no headings). Contents entries link to
 * `ARTICLE_LINK_PREFIX<n>`; the assembler turns those into in-document links after merging, so
 * they work across chunks.
 */
import type { ExportMargins } from '../../../shared/contract/api'
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
`

export interface PrintArticle {
  /** Position in the whole export (0-based), for contents links. */
  index: number
  title: string
  source: string | null
  author: string | null
  date: string | null
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
}

export interface CoverFacts {
  title: string
  articles: number
  dateRange: string
  exportDate: string
}

/** 'YYYY-MM-DD' of an ISO date, or ''. */
export const dayOf = (iso: string | null): string => (iso ? iso.slice(0, 10) : '')

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
  return (
    `<section class="cover"><p class="cover-title">${escapeText(facts.title)}</p>` +
    `<p>${facts.articles} 篇文章 · ${facts.articles} article${facts.articles === 1 ? '' : 's'}</p>` +
    (facts.dateRange ? `<p>${escapeText(facts.dateRange)}</p>` : '') +
    `<p>导出于 Exported ${escapeText(facts.exportDate)}</p></section>`
  )
}

export function contentsHtml(entries: readonly ContentsEntry[]): string {
  const items = entries.map(
    (entry) =>
      `<li><a href="${ARTICLE_LINK_PREFIX}${entry.index}">${escapeText(entry.title)}</a>` +
      `<span class="toc-meta">${escapeText(metaLine([entry.source, dayOf(entry.date)]))}</span></li>`,
  )
  return `<nav class="toc"><p class="toc-title">目录 Contents</p><ol>${items.join('')}</ol></nav>`
}

export function articleHtml(article: PrintArticle): string {
  const meta = metaLine([article.source, article.author, dayOf(article.date)])
  return (
    `<article class="article"><h1>${escapeText(article.title)}</h1>` +
    (meta ? `<p class="meta">${escapeText(meta)}</p>` : '') +
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
