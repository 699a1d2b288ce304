/**
 * Terms proven by positions (termAlignment.ts, wordPositions.ts, gramQuery.ts): mixed words and
 * CJK, letter/digit words, phrases with spaces and punctuation, word prefixes at the end, title
 * versus body. Every answer is compared with the brute-force substring scan, on hand-made edge
 * cases and on random texts over a tiny alphabet (so that near misses are everywhere).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bruteForceSearch, toScanDocument } from '../../../src/main/core/search/bruteForce'
import { occurs } from '../../../src/main/core/search/match'
import { parseQuery } from '../../../src/main/core/search/queryParser'
import {
  createSearchIndex,
  openSearchIndex,
  type IndexableArticle,
  type SearchIndex,
} from '../../../src/main/core/search/searchIndex'
import { mulberry32 } from '../../support/random'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'search-align-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

function article(id: string, title: string, text: string): IndexableArticle {
  return { id, title, text, date: '2024-01-02T00:00:00Z', categories: [['科技', '来源']] }
}

function expectExact(index: SearchIndex, articles: IndexableArticle[], query: string): string[] {
  const truth = articles.map(toScanDocument)
  const expected = bruteForceSearch(parseQuery(query), truth).sort()
  const result = index.search(query, { limit: 100_000 })
  expect({ query, ids: result.hits.map((h) => h.id).sort() }).toEqual({ query, ids: expected })
  expect(result.total).toBe(expected.length)
  return expected
}

const EDGE_CASES: IndexableArticle[] = [
  article('plain', '新品发布', '这次AMD锐龙处理器很强。'),
  article('inside-word', '评测', '型号XAMD锐龙并不存在。'),
  article('spaced', '评测', '写作 AMD 锐龙 时有空格。'),
  article('title-only', 'AMD锐龙上市', '正文没有提到。'),
  // Title "…amd" + body "锐龙…": adjacent only across the title/body seam, which is no match.
  article('seam', '关于AMD', '锐龙在正文开头。'),
  article('digits', '苹果A16仿生', '芯片 a16 与 A17，还有 a160 和 ba16。'),
  article('rtx', '显卡', 'RTX 4090 与 RTX4090 和 rtx 40900，以及 rtx  4090。'),
  article('punct', '句号', '结束。 个妇人来了。个妇昧，然后。\n个妇昧。'),
  article('prefix', '标准', '标准 9 和 标准 90 与 标准 9000 还有 标准9。'),
  article(
    'many',
    '重复',
    'amd锐龙 amd锐龙 amd锐龙 amd锐龙 amd锐龙 amd锐龙 amd锐龙 amd锐龙 amd锐龙 amd锐龙',
  ),
  article('full-width', '全角', 'ＡＭＤ锐龙与Ａ１６仿生。'),
  // Runs of adjacent words of every length (anchored on pairs), in the title and the body.
  article('long-run', 'x1y2z3w4v5型号', '还有 k9m8 和 q7，以及 ddr5x、m2与8k60fps。'),
]

const EDGE_QUERIES = [
  'AMD锐龙',
  'amd锐',
  'A16',
  'a16仿生',
  'A16仿',
  '"RTX 4090"',
  '"rtx 409"',
  'rtx4090',
  '"。 个妇"',
  '"。\n个妇昧"',
  '"标准 9"',
  '"标准 90"',
  '标准9',
  '"AMD 锐龙"',
  '"锐龙 时"',
  'title:AMD锐龙',
  'title:a16仿生',
  '"写作 AMD"',
  '"，还有 a"',
  'y2z3',
  '2z3w',
  'z3w4v5',
  '1y2z3w',
  'x1y2z3w4v5型',
  'k9m',
  '9m8',
  'm8',
  'ddr5',
  'ddr5x',
  'dr5',
  'm2',
  '8k60',
  '60fps',
  'k60f',
]

describe('terms proven by positions', () => {
  it('finds exactly what the scan finds on edge cases (in memory and from a snapshot)', () => {
    const memory = createSearchIndex()
    const dir = path.join(tmp, 'edge')
    fs.mkdirSync(dir)
    const onDisk = createSearchIndex({ dir, flushBytes: 4096 })
    for (const a of EDGE_CASES) {
      memory.add(a)
      onDisk.add(a)
    }
    onDisk.save()
    onDisk.close()
    const reopened = openSearchIndex({ dir })
    expect(reopened.restored).toBe(true)
    let nonEmpty = 0
    for (const query of EDGE_QUERIES) {
      if (expectExact(memory, EDGE_CASES, query).length > 0) nonEmpty++
      expectExact(reopened.index, EDGE_CASES, query)
    }
    expect(nonEmpty).toBeGreaterThan(EDGE_QUERIES.length / 2)
    reopened.index.close()
  })

  it('ranks a title match first and counts body occurrences', () => {
    const index = createSearchIndex()
    for (const a of EDGE_CASES) index.add(a)
    const hits = index.search('AMD锐龙', { limit: 20 }).hits.map((h) => h.id)
    expect(hits[0]).toBe('title-only')
    // Ten body occurrences outrank one.
    expect(hits.indexOf('many')).toBeLessThan(hits.indexOf('plain'))
  })

  it('gives a one-word term the title bonus exactly where the title has it at a word start', () => {
    const random = mulberry32(7)
    const words = ['amd', 'am', 'md', 'a16', 'rtx', 'x4090', '16', '4090']
    const pick = (): string =>
      Array.from({ length: 4 }, () => words[Math.floor(random() * words.length)]).join(
        random() < 0.5 ? ' ' : '锐',
      )
    const articles = Array.from({ length: 200 }, (_, i) => article(`w${i}`, pick(), pick()))
    const index = createSearchIndex()
    for (const a of articles) index.add(a)
    for (const query of ['amd', 'am', 'md', 'a', '16', '4', 'rtx', 'x']) {
      const byId = new Map(articles.map((a) => [a.id, toScanDocument(a)]))
      for (const hit of index.search(query, { limit: 1000 }).hits) {
        const title = (byId.get(hit.id) as { title: string }).title
        expect({ query, title, bonus: hit.score >= 1000 }).toEqual({
          query,
          title,
          bonus: occurs(title, query),
        })
      }
    }
  })

  it('finds exactly what the scan finds on random texts', () => {
    const random = mulberry32(42)
    // A tiny alphabet: CJK, punctuation, letters, digits, spaces, so that terms collide often.
    const units = ['锐', '龙', '个', '。', '，', 'a', 'b', '1', '6', ' ', '\n']
    const pick = (n: number): string =>
      Array.from({ length: n }, () => units[Math.floor(random() * units.length)]).join('')
    const articles: IndexableArticle[] = []
    for (let i = 0; i < 300; i++) articles.push(article(`r${i}`, pick(6), pick(80)))
    const index = createSearchIndex({ dir: fs.mkdtempSync(path.join(tmp, 'r-')), flushBytes: 2048 })
    for (const a of articles) index.add(a)
    let nonEmpty = 0
    for (let q = 0; q < 300; q++) {
      const source = articles[Math.floor(random() * articles.length)] as IndexableArticle
      const text = random() < 0.2 ? source.title : source.text
      const start = Math.floor(random() * (text.length - 6))
      const piece = text.slice(start, start + 2 + Math.floor(random() * 5)).trim()
      if (piece.length < 2 || piece.includes('"')) continue
      if (expectExact(index, articles, `"${piece}"`).length > 0) nonEmpty++
    }
    expect(nonEmpty).toBeGreaterThan(100)
    index.close()
  })
})
