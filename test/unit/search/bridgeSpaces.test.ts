/**
 * A single space between two gram units (a paragraph break, a full-width space) is in the
 * bigram lists: a phrase across it is proven by positions, not checked on candidates' texts;
 * the space between title and body is not, so no match spans the two.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isBridgeSpace } from '../../../src/main/core/search/normalize'
import { isGramRun } from '../../../src/main/core/search/gramIndex'
import { segments } from '../../../src/main/core/search/tokens'
import { createSearchIndex, type IndexableArticle } from '../../../src/main/core/search/searchIndex'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bridge-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

function article(id: string, title: string, text: string): IndexableArticle {
  return { id, title, date: null, categories: [], author: null, text }
}

describe('spaces between gram units', () => {
  it('are part of a gram run only singly and between two gram units', () => {
    expect(isBridgeSpace('企业 发展', 2)).toBe(true)
    expect(isBridgeSpace('。 他', 1)).toBe(true)
    expect(isBridgeSpace('企业  发展', 2)).toBe(false)
    expect(isBridgeSpace('amd 霄龙', 3)).toBe(false)
    expect(isBridgeSpace('霄龙 amd', 2)).toBe(false)
    expect(isBridgeSpace(' 霄龙', 0)).toBe(false)
    expect(isBridgeSpace('霄龙 ', 2)).toBe(false)
    expect(isGramRun('台。 企')).toBe(true)
    expect(isGramRun('台。 ')).toBe(false)
    expect(isGramRun('台。  企')).toBe(false)
    expect(segments('rtx 4090 企业 发展 amd')).toEqual([
      { kind: 'word', text: 'rtx', start: 0 },
      { kind: 'word', text: '4090', start: 4 },
      { kind: 'cjk', text: '企业 发展', start: 9 },
      { kind: 'word', text: 'amd', start: 15 },
    ])
  })

  it('prove a phrase across them without reading any text, exactly', () => {
    const dir = path.join(tmp, 'proven')
    fs.mkdirSync(dir)
    let reads = 0
    const texts = new Map<string, string>()
    const index = createSearchIndex({
      dir,
      articleText: (id) => {
        reads++
        return texts.get(id)
      },
    })
    // Many candidates hold both halves; a third have them across a space, a third joined,
    // a third across two spaces or a word.
    for (let i = 0; i < 60; i++) {
      const joint = ['企业。 发展', '企业。发展', '企业。  发展', '企业。 x 发展'][i % 4] as string
      const text = `第${i}篇 前文 ${joint} 后文`
      texts.set(`a${i}`, text)
      index.add(article(`a${i}`, `标题${i}`, text))
    }
    const found = index.search('"企业。 发展"', { limit: 0 })
    expect(found.total).toBe(15)
    expect(index.search('"业。 发"', { limit: 0 }).total).toBe(15)
    expect(index.search('"。 发展 后文"', { limit: 0 }).total).toBe(15)
    expect(reads).toBe(0)
    // Counts come from the positions too: two occurrences in one text.
    texts.set('twice', '企业。 发展 和 企业。 发展')
    index.add(article('twice', '另一篇', '企业。 发展 和 企业。 发展'))
    const top = index.search('"企业。 发展"', { limit: 1 })
    expect(top.hits[0]?.id).toBe('twice')
    expect(reads).toBe(1) // the one snippet of that page
    index.close()
  })

  it('never join the title and the body', () => {
    const index = createSearchIndex()
    // Enough of them that the positions decide (a few candidates would be checked on texts).
    for (let i = 0; i < 40; i++) index.add(article(`t${i}`, '关于企业', `发展的文章${i}`))
    index.add(article('b', '别的', '关于企业 发展的文章'))
    expect(index.search('"企业 发展"').hits.map((h) => h.id)).toEqual(['b'])
    expect(index.search('"企业 发展"').total).toBe(1)
    expect(index.search('"企业 发展的文章"').total).toBe(1)
    // The title alone still finds its own phrase across a space.
    index.add(article('s', '企业 发展 报告', '正文'))
    expect(
      index
        .search('title:"企业 发展"')
        .hits.map((h) => h.id)
        .sort(),
    ).toEqual(['s'])
  })
})
