import { describe, expect, it } from 'vitest'
import {
  compareBy,
  computeFacets,
  matchesFilter,
  type MarkLookup,
} from '../../../src/main/core/library/query'
import type { ArticleSummary } from '../../../src/shared/types/article'
import { testSummary } from '../../support/summary'

function summary(id: string, over: Partial<ArticleSummary> = {}): ArticleSummary {
  return testSummary(id, {
    date: '2021-06-28T18:03:38.000Z',
    categories: [['新媒体', '观察者网', '头条']],
    author: '观察者网',
    size: 1,
    ...over,
  })
}

const favourites = new Set(['b'])
const read = new Set(['a', 'b'])
const marks: MarkLookup = { read: (s) => read.has(s.id), favourite: (s) => favourites.has(s.id) }

describe('matchesFilter', () => {
  const a = summary('a')
  const b = summary('b', {
    categories: [['新媒体', 'IT 之家', '分类资讯']],
    author: 'IT 之家',
    date: '2021-07-01T00:00:00.000Z',
  })
  const old = summary('c', { categories: [['新媒体', '199IT - 首页更新']], date: null })

  it('matches category path prefixes at any depth', () => {
    expect(matchesFilter(a, { categoryPath: ['新媒体'] }, marks)).toBe(true)
    expect(matchesFilter(a, { categoryPath: ['新媒体', '观察者网'] }, marks)).toBe(true)
    expect(matchesFilter(a, { categoryPath: ['新媒体', 'IT 之家'] }, marks)).toBe(false)
    expect(matchesFilter(a, { categoryPath: ['观察者网'] }, marks)).toBe(false)
  })

  it('filters by source, including the old "<source> - <channel>" layout', () => {
    expect(matchesFilter(b, { source: 'IT 之家' }, marks)).toBe(true)
    expect(matchesFilter(old, { source: '199IT' }, marks)).toBe(true)
    expect(matchesFilter(a, { source: 'IT 之家' }, marks)).toBe(false)
  })

  it('filters by month range and leaves undated articles out of any range', () => {
    expect(matchesFilter(a, { monthFrom: '2021-06', monthTo: '2021-06' }, marks)).toBe(true)
    expect(matchesFilter(b, { monthFrom: '2021-06', monthTo: '2021-06' }, marks)).toBe(false)
    expect(matchesFilter(old, { monthFrom: '2000-01' }, marks)).toBe(false)
  })

  it('filters by marks', () => {
    expect(matchesFilter(a, { marks: 'favourite' }, marks)).toBe(false)
    expect(matchesFilter(b, { marks: 'favourite' }, marks)).toBe(true)
    expect(matchesFilter(old, { marks: 'unread' }, marks)).toBe(true)
    expect(matchesFilter(a, { marks: 'read' }, marks)).toBe(true)
  })
})

describe('compareBy', () => {
  const items = [
    summary('x', { date: '2021-01-01T00:00:00.000Z', title: '乙' }),
    summary('y', { date: null, title: '甲' }),
    summary('z', { date: '2022-01-01T00:00:00.000Z', title: 'Alpha' }),
  ]
  it('sorts by date, newest first by default, with undated last both ways', () => {
    expect([...items].sort(compareBy('date', 'desc')).map((s) => s.id)).toEqual(['z', 'x', 'y'])
    expect([...items].sort(compareBy('date', 'asc')).map((s) => s.id)).toEqual(['x', 'z', 'y'])
  })
  it('sorts Chinese titles by pinyin (甲 jiǎ before 乙 yǐ), not by code unit (乙 U+4E59 < 甲 U+7532)', () => {
    const ids = [...items].sort(compareBy('title', 'asc')).map((s) => s.id)
    expect(ids.indexOf('y')).toBeLessThan(ids.indexOf('x'))
    expect(ids).toHaveLength(3)
  })
})

describe('computeFacets', () => {
  it('counts category nodes once per article, sources, authors, months and marks', () => {
    const facets = computeFacets(
      [
        summary('a'),
        summary('b', {
          categories: [['新媒体', 'IT 之家', '分类资讯']],
          author: 'IT 之家',
          date: '2021-07-01T00:00:00.000Z',
        }),
        summary('c', {
          categories: [
            ['新媒体', '观察者网', '头条'],
            ['新媒体', '观察者网', '要闻'],
          ],
        }),
      ],
      marks,
    )
    const top = facets.categories[0]!
    expect(top).toMatchObject({ name: '新媒体', path: ['新媒体'], count: 3 })
    const gcw = top.children.find((c) => c.name === '观察者网')!
    expect(gcw.count).toBe(2)
    expect(gcw.children.map((c) => [c.name, c.count])).toEqual([
      ['头条', 2],
      ['要闻', 1],
    ])
    expect(facets.sources).toEqual([
      { value: '观察者网', count: 2 },
      { value: 'IT 之家', count: 1 },
    ])
    expect(facets.months).toEqual([
      { value: '2021-07', count: 1 },
      { value: '2021-06', count: 2 },
    ])
    expect(facets.marks).toEqual({ read: 2, unread: 1, favourite: 1 })
  })
})
