/**
 * Overlong words (tokens.ts WORD_TERM_MAX): FlexSearch holds only the first WORD_TERM_MAX
 * characters of a word, so that one article with a run of millions of letters indexes in
 * bounded memory (its forward tokenizer kept every prefix: n²/2 characters, out of memory
 * from a 128k-character run). Queries stay exact: a query word longer than the cut is looked
 * up by its first WORD_TERM_MAX characters and verified on the text. Ground truth: the
 * brute-force scan, for queries of a long word, its prefixes on both sides of the cut, its
 * middle (ASCII words match whole or by prefix only), mixed terms, phrases and fields.
 */
import { describe, expect, it } from 'vitest'
import { bruteForceSearch, toScanDocument } from '../../../src/main/core/search/bruteForce'
import { parseQuery } from '../../../src/main/core/search/queryParser'
import { createSearchIndex, type IndexableArticle } from '../../../src/main/core/search/searchIndex'
import { WORD_TERM_MAX } from '../../../src/main/core/search/tokens'
import { WordPositions } from '../../../src/main/core/search/wordPositions'

const article = (id: string, title: string, text: string): IndexableArticle => ({
  id,
  title,
  date: '2021-06-01T00:00:00.000Z',
  categories: [['科技', 'IT之家']],
  author: null,
  text,
})

/** 260 letters, no letter repeated within 26: its inner substrings are no prefixes of it. */
const LONG = 'abcdefghijklmnopqrstuvwxyz'.repeat(10)
const RUN = 1_000_000

describe('overlong words', () => {
  it('gives FlexSearch words of at most WORD_TERM_MAX characters, once each', () => {
    const words = new WordPositions()
    const text = `${'x'.repeat(5_000)} ${LONG} ${LONG.slice(0, 64)} ${LONG.slice(0, 100)} 短 ab`
    const terms = words.addDocument(0, text, 0).split(' ')
    expect(Math.max(...terms.map((t) => t.length))).toBe(WORD_TERM_MAX)
    // The three words that share their first 64 letters are one term.
    expect(terms).toEqual(['x'.repeat(WORD_TERM_MAX), LONG.slice(0, WORD_TERM_MAX), 'ab'])
    // The positions keep whole words (mixed terms are proven by them).
    expect(words.exact(LONG)).toHaveLength(1)
    expect(words.exact(LONG.slice(0, 100))).toHaveLength(1)
  })

  it(`indexes a ${RUN.toLocaleString('en')}-letter run quickly and finds exactly what holds it`, () => {
    const index = createSearchIndex()
    const started = performance.now()
    index.add(article('run', 'x', `xtail ${'x'.repeat(RUN)} 处理器`))
    // Before the cut a 64k run took 3 s and 2.2 GB, and 128k ran out of memory.
    expect(performance.now() - started).toBeLessThan(10_000)
    const found = (query: string): string[] => index.search(query).hits.map((h) => h.id)
    expect(found('xtail')).toEqual(['run'])
    expect(found('x'.repeat(WORD_TERM_MAX))).toEqual(['run'])
    expect(found('x'.repeat(WORD_TERM_MAX + 1))).toEqual(['run'])
    expect(found('x'.repeat(RUN))).toEqual(['run'])
    expect(found('x'.repeat(RUN + 1))).toEqual([])
    expect(found(`${'x'.repeat(RUN)}处理`)).toEqual([])
    expect(found(`"${'x'.repeat(1_000)} 处理器"`)).toEqual([])
    expect(found(`"${'x'.repeat(RUN)} 处理器"`)).toEqual(['run'])
  })

  it('answers queries around the cut exactly (brute-force truth)', () => {
    const articles = [
      article('whole', '长词', `前文 ${LONG} 后文`),
      article('mixed', 'mixed', `${LONG}处理器 and ${LONG.slice(0, 90)}2021 year`),
      article('shares64', 'other', `${LONG.slice(0, 70)}zzz ${'q'.repeat(300)}`),
      article('exact64', 'cut', `${LONG.slice(0, WORD_TERM_MAX)} 和 ${LONG.slice(0, 63)}`),
      article('title', `标题 ${LONG.slice(0, 200)}`, 'nothing long here'),
      article('inner', 'inner', `x${LONG} ${LONG.slice(1)}`),
      article('plain', 'plain', 'abc abcdef 处理器 2021'),
    ]
    const index = createSearchIndex()
    for (const a of articles) index.add(a)
    const truth = articles.map(toScanDocument)
    const queries = [
      LONG,
      `${LONG}a`,
      ...[1, 3, 63, 64, 65, 70, 71, 90, 91, 200, 201, 259].map((n) => LONG.slice(0, n)),
      `${LONG.slice(0, 70)}zz`,
      `${LONG.slice(0, 70)}zzzz`,
      `${LONG.slice(0, 70)}y`,
      LONG.slice(1, 100), // a word's middle: ASCII words match whole or by prefix only
      LONG.slice(26, 120), // its own prefix, found in the middle: still not a word start
      'q'.repeat(64),
      'q'.repeat(300),
      'q'.repeat(301),
      `${LONG}处理器`,
      `${LONG.slice(0, 100)}处理`,
      `${LONG.slice(0, 90)}2021`,
      `${LONG.slice(0, 90)}20`,
      `${LONG.slice(0, 91)}2021`,
      `"${LONG.slice(0, 90)}2021 year"`,
      `"前文 ${LONG.slice(0, 100)}"`,
      `"${LONG} 后文"`,
      `title:${LONG.slice(0, 100)}`,
      `title:${LONG.slice(0, 201)}`,
      `${LONG.slice(0, 80)} -${LONG.slice(0, 250)}`,
      `${LONG.slice(0, 66)} OR abcdef`,
      `处理器 ${LONG.slice(0, 65)}`,
    ]
    let nonEmpty = 0
    for (const query of queries) {
      const expected = bruteForceSearch(parseQuery(query), truth).sort()
      const result = index.search(query, { limit: 100 })
      expect({ query, ids: result.hits.map((h) => h.id).sort() }).toEqual({ query, ids: expected })
      expect(result.total).toBe(expected.length)
      if (expected.length > 0) nonEmpty++
    }
    expect(nonEmpty).toBeGreaterThan(queries.length / 2)
  })
})
