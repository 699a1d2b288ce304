/**
 * An indexed article's plain text, read again from its file in the archive, for an index
 * that keeps no copy of the texts (SearchIndexOptions.articleText, derivedText.ts).
 *
 * Two ways, tried in order by the index: `quick` takes the body after the front matter's
 * closing `---` without parsing the YAML, and skips what the list needs (title, dates,
 * images): ~70 µs less per article of the 100k bench archive; an HTML body's text comes from
 * quickHtmlText.ts's loop instead of htmlparser2's events (~40 µs less). The index checks the result
 * against the indexed text's length and hash; when they differ (a front matter the quick
 * split reads otherwise, or a changed file) it asks again with `quick` false: the scan's
 * own parser (readArticleSync), whose text is the indexed one for an unchanged file.
 */
import fs from 'node:fs'
import type { ReadOptions } from '../archive/options'
import { articlePath, readArticleSync } from '../archive/readArticle'
import { idFileName } from '../archive/parse/articleFileName'
import { decodeArticleBytes } from '../archive/parse/textDecoding'
import { bodyAfterFrontMatter } from '../archive/parse/frontMatter'
import { quickHtmlText } from '../archive/parse/quickHtmlText'
import { bodyFormat, scanBody } from '../archive/parseArticle'

/** Issues that mean the file was not read: its text is unknown, not empty. */
const NOT_READ = new Set(['FILE_VANISHED', 'FILE_UNREADABLE'])

export type ArticleText = (id: string, quick: boolean) => string | undefined

export function archiveText(root: string, options: ReadOptions): ArticleText {
  return (id, quick) => {
    if (quick) {
      const text = quickText(root, id, options)
      if (text !== undefined) return text
    }
    const article = readArticleSync(root, id, options)
    return article.issues.some((issue) => NOT_READ.has(issue.code)) ? undefined : article.text
  }
}

/** The body's text without the front matter's parse; undefined when only the parser can tell. */
function quickText(root: string, id: string, options: ReadOptions): string | undefined {
  const file = articlePath(root, id)
  if (file === null) return undefined
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(file)
  } catch {
    return undefined
  }
  if (bytes.length > options.maxFileBytes) return undefined
  const decoded = decodeArticleBytes(bytes, false)
  if (decoded.kind !== 'text') return undefined
  const body = bodyAfterFrontMatter(decoded.text)
  if (body === null) return undefined
  const fileName = idFileName(id)
  // An HTML body (the usual one) without htmlparser2's events; the parser where the loop refuses.
  if (bodyFormat(fileName, body) === 'html') {
    const text = quickHtmlText(body.trim())
    if (text !== undefined) return text
  }
  return scanBody(fileName, body).scan.text
}
