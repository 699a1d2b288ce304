/**
 * An index that reads its texts from the archive's files (SearchIndexOptions.articleText)
 * answers exactly as one that keeps a copy — ids, totals, scores, snippets, marks — keeps no
 * text file, restores from its snapshot, and never uses a file that changed since it was
 * indexed.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeArchive } from '../support/generator/index'
import { resolveReadOptions } from '../../src/main/core/archive/options'
import { readArticleSync } from '../../src/main/core/archive/readArticle'
import { archiveText } from '../../src/main/core/search/archiveText'
import { bruteForceSearch, toScanDocument } from '../../src/main/core/search/bruteForce'
import { parseQuery } from '../../src/main/core/search/queryParser'
import {
  createSearchIndex,
  openSearchIndex,
  type IndexableArticle,
  type SearchIndex,
} from '../../src/main/core/search/searchIndex'
import { QUERY_CLASSES, QuerySampler } from '../unit/search/querySampler'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'search-derived-'))
const root = path.join(tmp, 'archive')
const read = resolveReadOptions()
let articles: IndexableArticle[] = []
let derived: SearchIndex
let copied: SearchIndex

function articleFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const id = prefix ? `${prefix}/${entry.name}` : entry.name
    return entry.isDirectory() ? articleFiles(dir, id) : [id]
  })
}

beforeAll(async () => {
  await writeArchive(root, 160, 31)
  articles = articleFiles(root)
    .sort()
    .map((id) => {
      const article = readArticleSync(root, id, read)
      return {
        id,
        title: article.title,
        date: article.date,
        categories: article.categories,
        author: article.author,
        text: article.text,
      }
    })
  for (const folder of ['derived', 'copied', 'switch'])
    fs.mkdirSync(path.join(tmp, folder), { recursive: true })
  derived = createSearchIndex({
    dir: path.join(tmp, 'derived'),
    flushBytes: 256 * 1024,
    articleText: archiveText(root, read),
  })
  copied = createSearchIndex({ dir: path.join(tmp, 'copied'), flushBytes: 256 * 1024 })
  for (const article of articles) {
    derived.add(article)
    copied.add(article)
  }
})

afterAll(() => {
  derived.close()
  copied.close()
  fs.rmSync(tmp, { recursive: true, force: true })
})

function queries(perClass: number, seed: number): string[] {
  const sampler = new QuerySampler(articles, seed)
  return QUERY_CLASSES.flatMap((kind) =>
    Array.from({ length: perClass }, () => sampler.query(kind)).filter(
      (query): query is string => query !== null,
    ),
  )
}

describe('an index reading its texts from the archive', () => {
  it('answers every query class exactly as the copy does, and as the substring truth', () => {
    const truth = articles.map(toScanDocument)
    let found = 0
    for (const query of queries(12, 7)) {
      const expected = bruteForceSearch(parseQuery(query), truth).sort()
      const fromFiles = derived.search(query, { limit: 30 })
      const fromCopy = copied.search(query, { limit: 30 })
      expect({ query, hits: fromFiles.hits }).toEqual({ query, hits: fromCopy.hits })
      expect(fromFiles.total).toBe(expected.length)
      const all = derived.search(query, { limit: 1_000_000 })
      expect(all.hits.map((hit) => hit.id).sort()).toEqual(expected)
      if (expected.length > 0) found++
    }
    expect(found).toBeGreaterThan(50)
    // Snippets came from the files: some hit has a marked snippet.
    const withMarks = derived.search('的', { limit: 5 }).hits.filter((h) => h.snippet.marks.length)
    expect(withMarks.length).toBe(5)
  })

  it('keeps no text file, and restores from its snapshot with the same answers', () => {
    const dir = path.join(tmp, 'derived')
    derived.save({ note: 'derived' })
    expect(fs.existsSync(path.join(dir, 'text.bin'))).toBe(false)
    expect(fs.existsSync(path.join(tmp, 'copied', 'text.bin'))).toBe(true)
    const reopened = openSearchIndex({ dir, articleText: archiveText(root, read) })
    try {
      expect(reopened.restored).toBe(true)
      for (const query of queries(3, 8))
        expect(reopened.index.search(query, { limit: 20 })).toMatchObject({
          total: derived.search(query).total,
          hits: derived.search(query, { limit: 20 }).hits,
        })
    } finally {
      reopened.index.close()
    }
  })

  it('is rebuilt, not misread, when opened as an index with a text copy (and back)', () => {
    const folder = path.join(tmp, 'switch')
    const first = createSearchIndex({ dir: folder, articleText: archiveText(root, read) })
    for (const article of articles.slice(0, 20)) first.add(article)
    first.save()
    first.close()
    const asCopy = openSearchIndex({ dir: folder })
    expect(asCopy.restored).toBe(false)
    expect(asCopy.reason).toMatch(/reads its texts from the archive/)
    for (const article of articles.slice(0, 20)) asCopy.index.add(article)
    asCopy.index.save()
    asCopy.index.close()
    const asDerived = openSearchIndex({ dir: folder, articleText: archiveText(root, read) })
    expect(asDerived.restored).toBe(false)
    expect(asDerived.reason).toMatch(/keeps a copy of the texts/)
    // A folder switched to the archive's texts drops the old copy.
    expect(fs.existsSync(path.join(folder, 'text.bin'))).toBe(false)
    asDerived.index.close()
  })

  it('never verifies or quotes a file changed since it was indexed', () => {
    // A phrase ending with a space is checked on the text (an edge space is in no list).
    const target = articles.find((a) => /[\u4e00-\u9fff]。 [\u4e00-\u9fff]/.test(a.text))
    if (target === undefined) throw new Error('the generated archive has no "。 " between words')
    const at = /[\u4e00-\u9fff]。 [\u4e00-\u9fff]/.exec(target.text) as RegExpExecArray
    const phrase = `"${at[0].slice(0, 3)}"`
    const dir = path.join(tmp, 'derived')
    derived.save()
    const before = derived.search(phrase, { limit: 1000 })
    expect(before.hits.map((h) => h.id)).toContain(target.id)
    const file = path.join(root, target.id)
    const original = fs.readFileSync(file)
    // A fresh open (nothing cached): texts already read stay the indexed ones until the
    // watcher's update replaces the document.
    const reopened = openSearchIndex({ dir, articleText: archiveText(root, read) }).index
    try {
      // The file changes; the watcher's update has not reached the index yet.
      // (The phrase's space is a paragraph break in the file: change the words before it.)
      const changed = original.toString('utf8').replaceAll(`${at[0].slice(0, 2)}`, '换掉了它。')
      expect(changed).not.toBe(original.toString('utf8'))
      fs.writeFileSync(file, changed)
      const after = reopened.search(phrase, { limit: 1000 })
      expect(after.hits.map((h) => h.id)).not.toContain(target.id)
      expect(after.total).toBe(before.total - 1)
      // A term the postings prove still finds it; its snippet is left empty rather than
      // quoted from a text the positions do not describe.
      const hit = reopened
        .search(at[0].slice(0, 1), { limit: 1_000_000 })
        .hits.find((h) => h.id === target.id)
      expect(hit?.snippet.text).toBe('')
      // Its update (the parsed new file) makes it consistent again.
      reopened.update({ ...target, text: readArticleSync(root, target.id, read).text })
      expect(reopened.search('换掉了它', { limit: 1000 }).hits.map((h) => h.id)).toContain(
        target.id,
      )
    } finally {
      fs.writeFileSync(file, original)
      reopened.close()
    }
    expect(derived.search(phrase, { limit: 1000 }).total).toBe(before.total)
  })
})
