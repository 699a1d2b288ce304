import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../src/shared/errors'
import { createSearchIndex, type IndexableArticle } from '../../../src/main/core/search/searchIndex'
import { mulberry32 } from '../../support/random'

const article = (id: string, fields: Partial<IndexableArticle>): IndexableArticle => ({
  id,
  title: fields.title ?? id,
  date: fields.date === undefined ? '2021-06-01T00:00:00.000Z' : fields.date,
  categories: fields.categories ?? [['科技', 'IT之家', '硬件']],
  author: fields.author ?? null,
  text: fields.text ?? '',
})

const ids = (index: ReturnType<typeof createSearchIndex>, query: string, sort?: 'date'): string[] =>
  index.search(query, { limit: 100, sort }).hits.map((h) => h.id)

function sample(): ReturnType<typeof createSearchIndex> {
  const index = createSearchIndex()
  index.add(
    article('a', {
      title: 'AMD霄龙处理器评测',
      text: 'AMD霄龙处理器性能提升明显。英特爾回应称，RTX 4090显卡也很强。',
      author: '张三',
      date: '2021-06-05T08:00:00.000Z',
    }),
  )
  index.add(
    article('b', {
      title: '英特尔发布新品',
      text: '英特尔今天发布了新的处理器，性能提升。NVIDIA RTX4090 价格公布。',
      author: '李四',
      categories: [['科技', '36氪', '快讯']],
      date: '2021-07-10T00:00:00.000Z',
    }),
  )
  index.add(
    article('c', {
      title: '手机',
      text: '处理的器材很多。ＡＭＤ笔记本，lambda 函数。',
      categories: [['数码', '少数派']],
      date: null,
    }),
  )
  return index
}

describe('search index: what matches', () => {
  it('finds every CJK substring and only real ones', () => {
    const index = sample()
    expect(ids(index, '处理器').sort()).toEqual(['a', 'b'])
    expect(ids(index, '处理').sort()).toEqual(['a', 'b', 'c'])
    expect(ids(index, '器').sort()).toEqual(['a', 'b', 'c'])
    expect(ids(index, '理器性')).toEqual(['a'])
    expect(ids(index, '器材很多')).toEqual(['c'])
    // Both bigrams occur in c, but not next to each other.
    expect(ids(index, '处理器材')).toEqual([])
  })

  it('proves long runs by positions and verifies the last few candidates by text', () => {
    const index = createSearchIndex()
    // 60 true matches, 60 decoys with both bigrams apart, plus rare-bigram decoys.
    for (let i = 0; i < 60; i++) index.add(article(`yes${i}`, { text: `第${i}台处理器。` }))
    for (let i = 0; i < 60; i++) index.add(article(`no${i}`, { text: `处理，理器。第${i}台` }))
    for (let i = 0; i < 5; i++)
      index.add(article(`rare${i}`, { text: `处理器罕见词${i}，罕见 词` }))
    expect(ids(index, '处理器')).toHaveLength(65)
    expect(ids(index, '处理器').filter((id) => id.startsWith('no'))).toEqual([])
    // Few candidates after the rarest bigram: the rest is checked on the text.
    expect(ids(index, '处理器罕见').sort()).toEqual(['rare0', 'rare1', 'rare2', 'rare3', 'rare4'])
    expect(ids(index, '罕见词3')).toEqual(['rare3'])
    expect(ids(index, '"器罕见 词"')).toEqual([])
    expect(ids(index, '"，罕见 词"')).toHaveLength(5)
  })

  it('folds Simplified and Traditional both ways, width and case', () => {
    const index = sample()
    expect(ids(index, '英特爾').sort()).toEqual(['a', 'b'])
    expect(ids(index, '英特尔').sort()).toEqual(['a', 'b'])
    expect(ids(index, 'ＡＭＤ').sort()).toEqual(['a', 'c'])
    expect(ids(index, 'amd').sort()).toEqual(['a', 'c'])
  })

  it('matches ASCII words and their prefixes, not inner substrings', () => {
    const index = sample()
    expect(ids(index, 'nvid')).toEqual(['b'])
    expect(ids(index, '4090').sort()).toEqual(['a', 'b'])
    expect(ids(index, 'md')).toEqual([])
    expect(ids(index, 'ambda')).toEqual([])
    expect(ids(index, 'lamb')).toEqual(['c'])
  })

  it('handles mixed text, phrases and punctuation', () => {
    const index = sample()
    expect(ids(index, 'AMD霄龙')).toEqual(['a'])
    expect(ids(index, 'RTX 4090').sort()).toEqual(['a', 'b'])
    expect(ids(index, '"RTX 4090"')).toEqual(['a'])
    expect(ids(index, '"，性能提升"')).toEqual(['b'])
    expect(ids(index, '"。"').sort()).toEqual(['a', 'b', 'c'])
  })

  it('applies OR, exclusion and fields', () => {
    const index = sample()
    expect(ids(index, '霄龙 OR 笔记本').sort()).toEqual(['a', 'c'])
    expect(ids(index, '处理 -英特尔')).toEqual(['c'])
    expect(ids(index, 'title:英特尔')).toEqual(['b'])
    expect(ids(index, 'title:处理器')).toEqual(['a'])
    expect(ids(index, 'author:张')).toEqual(['a'])
    expect(ids(index, 'source:36氪')).toEqual(['b'])
    expect(ids(index, 'category:数码')).toEqual(['c'])
    expect(ids(index, 'category:快讯 处理器')).toEqual(['b'])
    expect(ids(index, 'date:2021-06')).toEqual(['a'])
    expect(ids(index, 'date:2021-06-05..2021-07-10').sort()).toEqual(['a', 'b'])
    expect(ids(index, 'before:2021-07')).toEqual(['a'])
    expect(ids(index, 'after:2021-06')).toEqual(['b'])
    expect(ids(index, '-处理器')).toEqual(['c'])
  })

  it('throws QUERY_INVALID for malformed queries instead of returning nothing', () => {
    const index = sample()
    expect(() => index.search('colour:red')).toThrow(ApiError)
    expect(() => index.search('date:2021-06-31')).toThrow(/day 31/)
  })
})

describe('search index: ranking, pages, facets', () => {
  it('ranks title matches first, then more matches, then closeness, then recency', () => {
    const index = createSearchIndex()
    index.add(article('few', { text: '显卡。', date: '2022-01-01T00:00:00.000Z' }))
    index.add(article('many', { text: '显卡显卡，显卡。', date: '2021-01-01T00:00:00.000Z' }))
    index.add(
      article('title', { title: '新显卡', text: '无关内容', date: '2020-01-01T00:00:00.000Z' }),
    )
    index.add(article('older', { text: '显卡。', date: '2021-06-01T00:00:00.000Z' }))
    expect(ids(index, '显卡')).toEqual(['title', 'many', 'few', 'older'])

    // Words too: more occurrences (of the word and of words it begins) rank higher.
    const words = createSearchIndex()
    words.add(article('once', { text: 'zetaword 犀牛角', date: '2022-08-01T00:00:00.000Z' }))
    words.add(
      article('often', {
        text: 'zetaword 很多次 zetawords 出现。'.repeat(5),
        date: '2021-03-01T00:00:00.000Z',
      }),
    )
    words.add(article('twice', { text: 'zetaword zetaword', date: '2021-01-01T00:00:00.000Z' }))
    expect(ids(words, 'zetaword')).toEqual(['often', 'twice', 'once'])
    expect(ids(words, 'zetawords')).toEqual(['often'])
    // Removed documents' entries stay in the word lists: they are not counted back in.
    words.remove('twice')
    expect(ids(words, 'zetaword')).toEqual(['often', 'once'])

    const pairs = createSearchIndex()
    pairs.add(article('far', { text: `显卡${'的'.repeat(80)}价格` }))
    pairs.add(article('near', { text: `显卡价格${'的'.repeat(80)}` }))
    expect(ids(pairs, '显卡 价格')).toEqual(['near', 'far'])
  })

  it('orders the first page of a large result set exactly as a full sort does', () => {
    const index = createSearchIndex()
    for (let i = 0; i < 600; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0')
      index.add(
        article(`d${i}`, {
          text: `${'显卡，'.repeat(1 + ((i * 7) % 13))}结束`,
          title: i % 97 === 0 ? '显卡专题' : `文章${i}`,
          date: i % 50 === 0 ? null : `2021-0${1 + (i % 9)}-${day}T00:00:00.000Z`,
        }),
      )
    }
    for (const sort of ['relevance', 'date'] as const) {
      const page = index.search('显卡', { limit: 10, offset: 5, sort }).hits.map((h) => h.id)
      const full = index.search('显卡', { limit: 1000, sort }).hits.map((h) => h.id)
      expect(full).toHaveLength(600)
      expect(page).toEqual(full.slice(5, 15))
    }
  })

  it('sorts by date on request, undated last', () => {
    const index = sample()
    expect(ids(index, '处理', 'date')).toEqual(['b', 'a', 'c'])
  })

  it('pages with offset and limit and reports the total', () => {
    const index = createSearchIndex()
    for (let i = 0; i < 30; i++)
      index.add(article(`d${String(i).padStart(2, '0')}`, { text: `第${i}篇：测试` }))
    const first = index.search('测试', { limit: 10 })
    const second = index.search('测试', { limit: 10, offset: 10 })
    expect(first.total).toBe(30)
    expect(first.hits).toHaveLength(10)
    expect(new Set([...first.hits, ...second.hits].map((h) => h.id)).size).toBe(20)
  })

  it('applies the caller filter before counting and lists every matching id', () => {
    const index = sample()
    const result = index.search('处理', { limit: 1, accept: (id) => id !== 'b' })
    expect(result.total).toBe(2)
    expect([...result.matchedIds].sort()).toEqual(['a', 'c'])
    expect(result.matchedIds[0]).toBe(result.hits[0]?.id)
  })

  it('returns snippets with marks and facets of the whole result set', () => {
    const index = sample()
    const result = index.search('处理', { limit: 1 })
    expect(result.hits).toHaveLength(1)
    const hit = result.hits[0]
    const marks = hit?.snippet.marks.map(([s, e]) => hit.snippet.text.slice(s, e))
    expect(marks).toEqual(['处理'])
    expect(result.facets.sources).toEqual([
      { value: '36氪', count: 1 },
      { value: 'IT之家', count: 1 },
      { value: '少数派', count: 1 },
    ])
    expect(result.facets.categories.map((c) => c.value)).toContain('科技 › IT之家 › 硬件')
    expect(result.facets.authors).toEqual([
      { value: '张三', count: 1 },
      { value: '李四', count: 1 },
    ])
    expect(result.facets.months).toEqual([
      { value: '2021-07', count: 1 },
      { value: '2021-06', count: 1 },
    ])
  })
})

describe('search index: title marks', () => {
  const titleMarked = (index: ReturnType<typeof createSearchIndex>, query: string) =>
    Object.fromEntries(
      index
        .search(query, { limit: 100 })
        .hits.map((h) => [h.id, h.titleMarks.map(([s, e]) => h.title.slice(s, e))]),
    )

  it("marks in each hit's title what the search matched there, by its own rule", () => {
    const index = sample()
    index.add(
      article('d', {
        title: "Facebook正持续研究BOLT'ing以提高Linux内核性能",
        text: 'Linux in kernel',
        author: '张三',
      }),
    )
    index.add(article('e', { title: '张三说英特爾旗下ＡＭＤ', text: '无', author: '张三' }))
    // `in` matches whole words and prefixes (`ing` after the apostrophe), never `Linux`.
    expect(titleMarked(index, 'in')).toEqual({ d: ['in'] })
    expect(titleMarked(index, '英特尔')).toEqual({ a: [], b: ['英特尔'], e: ['英特爾'] })
    expect(titleMarked(index, 'amd')).toEqual({ a: ['AMD'], c: [], e: ['ＡＭＤ'] })
    // Plain and title: terms are marked, OR alternatives each where they match; other fields not.
    expect(titleMarked(index, 'title:霄龙 OR 新品')).toEqual({ a: ['霄龙'], b: ['新品'] })
    expect(titleMarked(index, 'author:张三 amd')).toEqual({ a: ['AMD'], e: ['ＡＭＤ'] })
  })
})

describe('search index: updates', () => {
  it('follows adds, edits, renames and deletes', () => {
    const index = sample()
    index.update(article('a', { title: '改过的标题', text: '内容已经完全不同。' }))
    expect(ids(index, '霄龙')).toEqual([])
    expect(ids(index, '完全不同')).toEqual(['a'])
    // Rename: the old id disappears, the new one is found.
    expect(index.remove('b')).toBe(true)
    index.add(article('b-renamed', { text: '英特尔今天发布了新的处理器' }))
    expect(ids(index, '英特尔')).toEqual(['b-renamed'])
    expect(index.remove('missing')).toBe(false)
    expect(index.size).toBe(3)
    expect(index.stats().deletedDocuments).toBe(2)
    expect(
      index
        .search('处理')
        .facets.sources.map((s) => s.value)
        .sort(),
    ).toEqual(['IT之家', '少数派'])
  })
})

describe('search index: the flag-array scoring path', () => {
  it('scores exactly like the general path (AND, OR, exclusions, titles, counts)', () => {
    // Excluding a year without articles changes no score but takes the general path (a date
    // term has no flag array), so the two queries must give the same hits and scores.
    const random = mulberry32(21)
    const alphabet = '甲乙丙丁戊'
    const pick = (n: number): string =>
      Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
    const index = createSearchIndex()
    for (let i = 0; i < 300; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0')
      index.add(
        article(`d${i}`, {
          title: pick(Math.floor(random() * 8)),
          text: `${pick(10 + Math.floor(random() * 400))} word${i % 7} ${pick(20)}`,
          date: `2021-0${1 + (i % 9)}-${day}T00:00:00.000Z`,
        }),
      )
    }
    const queries: string[] = []
    for (let q = 0; q < 40; q++) {
      const term = (): string => (q % 6 === 5 ? `word${q % 7}` : pick(2 + (q % 3)))
      const shapes = [
        `${term()}`,
        `${term()} ${term()}`,
        `${term()} OR ${term()}`,
        `${term()} OR ${term()} OR ${term()} ${term()}`,
        `${term()} -${term()}`,
        `${term()} OR ${term()} -${term()}`,
      ]
      queries.push(shapes[q % shapes.length] as string)
    }
    let compared = 0
    for (const query of queries) {
      const fast = index.search(query, { limit: 300 }).hits
      const general = index.search(`${query} -date:1990`, { limit: 300 }).hits
      const view = (hits: typeof fast) => hits.map((h) => `${h.id}:${h.score}`)
      expect({ query, hits: view(fast) }).toEqual({ query, hits: view(general) })
      compared += fast.length
    }
    expect(compared).toBeGreaterThan(1000)
  })
})

describe('search index: planning order', () => {
  it('answers the same whatever order the terms come in (rarest are planned first)', () => {
    const random = mulberry32(29)
    const index = createSearchIndex()
    // A common pair, a rarer one, a rare one and a word, spread so that every pair of terms
    // meets in some articles and not in others.
    const pieces = ['处理器', '显卡性能', '霄龙芯片', 'RTX', '的', '，']
    for (let i = 0; i < 400; i++) {
      let text = ''
      for (let k = 0; k < 30; k++) {
        const r = random()
        text += r < 0.5 ? '文' : (pieces[Math.floor(random() * pieces.length)] as string)
      }
      index.add(article(`p${i}`, { text, title: i % 17 === 0 ? '处理器专题' : `文章${i}` }))
    }
    const terms = ['处理器', '显卡性能', '霄龙芯片', 'RTX']
    let nonEmpty = 0
    for (let a = 0; a < terms.length; a++)
      for (let b = 0; b < terms.length; b++) {
        if (a === b) continue
        const forward = index.search(`${terms[a]} ${terms[b]}`, { limit: 500 })
        const backward = index.search(`${terms[b]} ${terms[a]}`, { limit: 500 })
        const sorted = (r: typeof forward): string[] => r.hits.map((h) => h.id).sort()
        expect([forward.total, sorted(forward)]).toEqual([backward.total, sorted(backward)])
        // The same scores per article: the order of planning changes nothing but the work.
        const scores = (r: typeof forward): Record<string, number> =>
          Object.fromEntries(r.hits.map((h) => [h.id, h.score]))
        expect(scores(forward)).toEqual(scores(backward))
        const excluded = index.search(`${terms[a]} -${terms[b]}`, { limit: 500 }).total
        const alone = index.search(terms[a] as string, { limit: 0 }).total
        expect(excluded + forward.total).toBe(alone)
        if (forward.total > 0 && forward.total < alone) nonEmpty++
      }
    expect(nonEmpty).toBeGreaterThan(6)
  })
})
