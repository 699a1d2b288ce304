/**
 * Query syntax typed with a Chinese input method (queryPunctuation.ts): full-width colon,
 * letters and minus, Chinese quotes and `ＯＲ` mean what their ASCII forms mean, while the same
 * characters in Chinese text (`原标题：英特尔`) stay text and find what they always found.
 */
import { describe, expect, it } from 'vitest'
import { parseQuery, type Clause } from '../../../src/main/core/search/queryParser'
import { createSearchIndex, type IndexableArticle } from '../../../src/main/core/search/searchIndex'

/** Each clause as [negated, field, text] per alternative: what the query asks for. */
const meaning = (query: string): unknown =>
  parseQuery(query).clauses.map((clause: Clause) => [
    clause.negated,
    ...clause.anyOf.map((term) =>
      term.kind === 'text' ? [term.field, term.text] : ['date', term.from, term.to],
    ),
  ])

describe('query syntax typed with a Chinese input method', () => {
  it('reads a known field before a full-width colon, in any width and case', () => {
    const title = meaning('title:英特尔')
    for (const query of [
      'title：英特尔',
      'ｔｉｔｌｅ:英特尔',
      'ＴＩＴＬＥ：英特尔',
      'Title：英特尔',
    ])
      expect(meaning(query), query).toEqual(title)
    expect(meaning('－category：游戏 author：张三')).toEqual(meaning('-category:游戏 author:张三'))
    // The field is recognised here, and a date typed in full width is the same date.
    expect(meaning('date：2021-06')).toEqual(meaning('date:2021-06'))
    expect(meaning('date：２０２１－０６')).toEqual(meaning('date:2021-06'))
    expect(meaning('ｄａｔｅ：２０２１－０６－０１．．２０２１－０７')).toEqual(
      meaning('date:2021-06-01..2021-07'),
    )
    expect(meaning('before：２０２１')).toEqual(meaning('before:2021'))
    expect(parseQuery('title：英特尔').clauses[0]?.anyOf[0]?.raw).toBe('title：英特尔')
  })

  it('leaves a full-width colon after any other word as text, without an error', () => {
    // NFKC folds ： to :, in the query as in the articles, as before.
    expect(meaning('原标题：英特尔')).toEqual([[false, ['any', '原标题:英特尔']]])
    expect(meaning('foo：bar')).toEqual([[false, ['any', 'foo:bar']]])
    expect(meaning('ｆｏｏ:bar')).toEqual([[false, ['any', 'foo:bar']]])
    expect(meaning('原标题:英特尔')).toEqual([[false, ['any', '原标题:英特尔']]])
    // An ASCII colon after an unknown ASCII word stays an error (a typo or a URL to quote).
    expect(() => parseQuery('foo:bar')).toThrow(/unknown field “foo:”/)
  })

  it('reads “…”, 「…」 and ＂…＂ as phrases, alone or as a field value or exclusion', () => {
    const phrase = meaning('"英特尔 芯片"')
    expect(phrase).toEqual([[false, ['any', '英特尔 芯片']]])
    for (const query of ['“英特尔 芯片”', '「英特尔 芯片」', '＂英特尔 芯片＂', '“英特尔　芯片”'])
      expect(meaning(query), query).toEqual(phrase)
    expect(meaning('title：“英特尔 芯片” -「AMD 锐龙」 x')).toEqual(
      meaning('title:"英特尔 芯片" -"AMD 锐龙" x'),
    )
    expect(parseQuery('“a b”').clauses[0]?.anyOf[0]?.raw).toBe('“a b”')
  })

  it('keeps Chinese quotes that do not make a whole phrase as text, never an error', () => {
    // Never closed: the words as typed, quote included.
    expect(meaning('“英特尔 芯片')).toEqual([
      [false, ['any', '“英特尔']],
      [false, ['any', '芯片']],
    ])
    // Closed inside a word, or by the wrong quote: text, as before.
    expect(meaning('“英特尔”芯片')).toEqual([[false, ['any', '“英特尔”芯片']]])
    expect(meaning('“英特尔」')).toEqual([[false, ['any', '“英特尔」']]])
    expect(meaning('原标题：“英特尔”')).toEqual([[false, ['any', '原标题:“英特尔”']]])
    // Inside ASCII quotes they are searched for.
    expect(meaning('"“英特尔”"')).toEqual([[false, ['any', '“英特尔”']]])
  })

  it('excludes a term after a full-width minus, as after -', () => {
    expect(meaning('－芯片 英特尔')).toEqual(meaning('-芯片 英特尔'))
    expect(meaning('－芯片 英特尔')).toEqual([
      [true, ['any', '芯片']],
      [false, ['any', '英特尔']],
    ])
    // Alone it is a term, like "-".
    expect(meaning('－ 芯片')).toEqual(meaning('- 芯片'))
  })

  it('reads ＯＲ (full-width, uppercase) as OR; ｏｒ stays a word', () => {
    expect(meaning('英特尔 ＯＲ 芯片')).toEqual(meaning('英特尔 OR 芯片'))
    expect(meaning('英特尔　ＯＲ　芯片')).toHaveLength(1)
    expect(meaning('英特尔 ｏｒ 芯片')).toHaveLength(3)
    expect(meaning('“ＯＲ”')).toEqual([[false, ['any', 'or']]])
    expect(() => parseQuery('ＯＲ 芯片')).toThrow(/needs a term on its left/)
  })
})

describe('Chinese query syntax against the articles', () => {
  const article = (id: string, title: string, text: string): IndexableArticle => ({
    id,
    title,
    date: '2021-06-01T00:00:00.000Z',
    categories: [['科技', 'IT之家', '硬件']],
    author: null,
    text,
  })
  const index = createSearchIndex()
  index.add(article('reprint', '转载', '原标题：英特尔发布新芯片。'))
  index.add(article('phrase', '英特尔芯片路线图', '英特尔 芯片的路线图公布。'))
  index.add(article('reversed', '芯片短缺', '芯片 英特尔，顺序相反。'))
  index.add(article('results', '英特尔财报', '英特尔今天公布财报。'))
  index.add(article('apart', '其他', '标题里有英特尔。'))
  const ids = (query: string): string[] =>
    index
      .search(query, { limit: 100 })
      .hits.map((h) => h.id)
      .sort()

  it('finds the article that contains 原标题：英特尔 with that query', () => {
    expect(ids('原标题：英特尔')).toEqual(['reprint'])
    expect(ids('原标题:英特尔')).toEqual(['reprint'])
  })

  it('answers each full-width form as its ASCII form', () => {
    expect(ids('title：英特尔')).toEqual(['phrase', 'results'])
    expect(ids('ｔｉｔｌｅ:英特尔')).toEqual(['phrase', 'results'])
    expect(ids('“英特尔 芯片”')).toEqual(['phrase'])
    expect(ids('「英特尔 芯片」')).toEqual(['phrase'])
    expect(ids('－芯片 英特尔')).toEqual(['results', 'apart'].sort())
    expect(ids('财报 ＯＲ 顺序')).toEqual(['results', 'reversed'].sort())
  })
})
