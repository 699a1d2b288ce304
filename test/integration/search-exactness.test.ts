/**
 * Exactness of the search index against the brute-force substring scan, on generated
 * articles in the real format, for every query class; then again after a storm of changes;
 * then with overlong words among them (FlexSearch holds their first WORD_TERM_MAX letters).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { generateArticles, toIndexable } from '../support/generator/index'
import {
  bruteForceSearch,
  toScanDocument,
  type ScanDocument,
} from '../../src/main/core/search/bruteForce'
import { parseQuery } from '../../src/main/core/search/queryParser'
import {
  createSearchIndex,
  type IndexableArticle,
  type SearchIndex,
} from '../../src/main/core/search/searchIndex'
import { WORD_TERM_MAX } from '../../src/main/core/search/tokens'
import { mulberry32, QUERY_CLASSES, QuerySampler } from '../unit/search/querySampler'

const COUNT = 400
const PER_CLASS = 25

function load(count: number, seed: number): IndexableArticle[] {
  return [...generateArticles(count, seed)].map(toIndexable)
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'search-exact-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

function compare(index: SearchIndex, truth: Map<string, ScanDocument>, queries: string[]): number {
  let nonEmpty = 0
  for (const query of queries) {
    const expected = bruteForceSearch(parseQuery(query), truth.values()).sort()
    const result = index.search(query, { limit: 1_000_000 })
    const got = result.hits.map((h) => h.id).sort()
    expect({ query, ids: got }).toEqual({ query, ids: expected })
    expect(result.total).toBe(expected.length)
    if (expected.length > 0) nonEmpty++
  }
  return nonEmpty
}

describe('search exactness on generated articles', () => {
  const articles = load(COUNT, 1)
  const index = createSearchIndex({ dir: tmp, flushBytes: 256 * 1024 })
  for (const a of articles) index.add(a)
  const truth = new Map(articles.map((a) => [a.id, toScanDocument(a)]))
  const sampler = new QuerySampler(articles, 5)

  it.each(QUERY_CLASSES)('returns exactly the articles that contain %s queries', (kind) => {
    const queries: string[] = []
    for (let i = 0; i < PER_CLASS; i++) {
      const q = sampler.query(kind)
      if (q !== null) queries.push(q)
    }
    expect(queries.length).toBeGreaterThan(PER_CLASS / 2)
    // Most sampled queries come from the texts, so most must find something.
    expect(compare(index, truth, queries)).toBeGreaterThan(queries.length / 2)
  })

  it('stays exact after a storm of adds, edits, renames and deletes', () => {
    const random = mulberry32(99)
    const live = new Map(articles.map((a) => [a.id, a]))
    const spare = load(150, 2).map((a) => ({ ...a, id: `new/${a.id}` }))
    for (let step = 0; step < 300; step++) {
      const ids = [...live.keys()]
      const pick = ids[Math.floor(random() * ids.length)] as string
      const r = random()
      if (r < 0.3 && spare.length > 0) {
        const a = spare.pop() as IndexableArticle
        live.set(a.id, a)
        index.add(a)
      } else if (r < 0.55) {
        const old = live.get(pick) as IndexableArticle
        const donor = articles[Math.floor(random() * articles.length)] as IndexableArticle
        const edited = {
          ...old,
          title: donor.title,
          text: old.text.slice(0, 200) + donor.text.slice(0, 500),
        }
        live.set(pick, edited)
        index.update(edited)
      } else if (r < 0.75) {
        const old = live.get(pick) as IndexableArticle
        const renamed = { ...old, id: `renamed/${step}/${old.id}` }
        live.delete(pick)
        index.remove(pick)
        live.set(renamed.id, renamed)
        index.add(renamed)
      } else {
        live.delete(pick)
        index.remove(pick)
      }
    }
    expect(index.size).toBe(live.size)
    // The small flush threshold spreads postings over many segment files plus the arena.
    expect(index.stats().segments).toBeGreaterThan(4)
    const stormTruth = new Map([...live.values()].map((a) => [a.id, toScanDocument(a)]))
    const stormSampler = new QuerySampler([...live.values()], 6)
    const queries = QUERY_CLASSES.flatMap((kind) =>
      Array.from({ length: 6 }, () => stormSampler.query(kind)).filter(
        (q): q is string => q !== null,
      ),
    )
    expect(compare(index, stormTruth, queries)).toBeGreaterThan(queries.length / 2)
  })
})

describe('search exactness with overlong words', () => {
  it('finds exactly the articles holding a word longer than the index keeps, or its prefixes', () => {
    const random = mulberry32(7)
    const letters = (n: number): string =>
      Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('')
    // Words that share their first WORD_TERM_MAX letters and differ after them.
    const stem = letters(WORD_TERM_MAX)
    const longs = [
      stem + letters(40),
      stem + letters(40),
      `${stem}${letters(8)}2024`,
      letters(5_000),
    ]
    const base = load(60, 3)
    const articles = base.map((a, i) => {
      if (i % 4 !== 0) return a
      const word = longs[(i / 4) % longs.length] as string
      const at = Math.floor(a.text.length / 2)
      return {
        ...a,
        text: `${a.text.slice(0, at)} ${word}${i % 8 === 0 ? '处理器' : ''} ${a.text.slice(at)}`,
      }
    })
    const index = createSearchIndex({ dir: fs.mkdtempSync(path.join(tmp, 'long-')) })
    for (const a of articles) index.add(a)
    const truth = new Map(articles.map((a) => [a.id, toScanDocument(a)]))
    const queries = longs.flatMap((word) => [
      word,
      `${word}x`,
      word.slice(0, WORD_TERM_MAX - 1),
      word.slice(0, WORD_TERM_MAX),
      word.slice(0, WORD_TERM_MAX + 1),
      word.slice(0, WORD_TERM_MAX + 20),
      word.slice(3, WORD_TERM_MAX + 30),
      `${word}处理`,
      `title:${word.slice(0, WORD_TERM_MAX + 5)}`,
    ])
    const sampler = new QuerySampler(articles, 8)
    for (const kind of QUERY_CLASSES) {
      const q = sampler.query(kind)
      if (q !== null) queries.push(q, `${q} ${longs[0]?.slice(0, WORD_TERM_MAX + 10)}`)
    }
    expect(compare(index, truth, queries)).toBeGreaterThan(longs.length * 5)
    index.close()
  })
})
