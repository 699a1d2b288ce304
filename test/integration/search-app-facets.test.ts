/**
 * A search's total, matches and facets through the running engine (createCore → search
 * service → worker) equal the straightforward computation: the unfiltered matches, filtered
 * with matchesFilter, counted with computeFacets. Also FacetColumns (the interned keys the
 * service counts with) against computeFacets and matchesFilter directly, on generated
 * articles with marks, including values no article has and empty strings.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ArticleFilter, ArticleListItem } from '../../src/shared/contract/api'
import type { ArticleSummary } from '../../src/shared/types/article'
import { createCore } from '../../src/main/core/createCore'
import type { Core } from '../../src/main/core/coreTypes'
import { FacetColumns } from '../../src/main/core/library/facetColumns'
import { computeFacets, matchesFilter, type MarkLookup } from '../../src/main/core/library/query'
import { writeArchive } from '../support/generator/index'
import { mulberry32 } from '../support/random'
import { makeTempDir, removeDir } from '../support/tempDir'
import { waitFor } from '../support/waitFor'

const COUNT = 300
const QUERIES = ['的', '手机', '市场', 'date:2021', 'a', '"，"', '不存在的词组合']

const lookup: MarkLookup = {
  read: (s) => (s as ArticleListItem).read,
  favourite: (s) => (s as ArticleListItem).favourite,
}

let core: Core
let archiveDir = ''
let items: ArticleListItem[] = []
const dirs: string[] = []

beforeAll(async () => {
  const archive = await makeTempDir('search-app-facets-archive-')
  const dataDir = await makeTempDir('search-app-facets-data-')
  dirs.push(archive, dataDir)
  archiveDir = archive
  await writeArchive(archive, COUNT, 11)
  core = await createCore({ dataDir })
  await core.openArchive({ path: archive })
  await waitFor(
    async () => {
      const info = await core.getArchiveInfo()
      return info?.status === 'ready' && info.progress.indexed >= info.articleCount
    },
    'the archive listed and indexed',
    { timeoutMs: 60_000 },
  )
  const random = mulberry32(5)
  const listed = (await core.listArticles({ limit: 1000 })).items
  for (const item of listed) {
    const roll = random()
    if (roll < 0.3) await core.setMark({ id: item.id, read: true })
    if (roll > 0.85) await core.setMark({ id: item.id, favourite: true })
  }
  items = (await core.listArticles({ limit: 1000 })).items
}, 120_000)

afterAll(async () => {
  await core?.dispose()
  for (const dir of dirs) await removeDir(dir)
})

/** Filters built from the articles' own values, plus some no article has. */
function filtersOf(all: ArticleListItem[]): ArticleFilter[] {
  const first = all.find((a) => (a.categories[0]?.length ?? 0) >= 2) as ArticleListItem
  const path = first.categories[0] as string[]
  const withAuthor = all.find((a) => a.author) as ArticleListItem
  const month = (all.find((a) => a.date)?.date ?? '2020-01').slice(0, 7)
  return [
    {}, // what the UI sends with no filter picked: no filter
    { source: undefined, marks: undefined },
    { categoryPath: path.slice(0, 1) },
    { categoryPath: path.slice(0, 2) },
    { categoryPath: ['没有这个分类'] },
    { categoryPath: [] },
    { source: first.source ?? '' },
    { source: '没有这个来源' },
    { author: withAuthor.author as string },
    { author: '' },
    { monthFrom: month },
    { monthTo: month, categoryPath: path.slice(0, 1) },
    { marks: 'read' },
    { marks: 'unread' },
    { marks: 'favourite' },
    { marks: 'unread', source: first.source ?? '' },
  ]
}

describe('FacetColumns', () => {
  it('counts exactly as computeFacets does, over random subsets', () => {
    expect(items.length).toBe(COUNT)
    const columns = new FacetColumns()
    const random = mulberry32(9)
    for (let round = 0; round < 20; round++) {
      const subset = items.filter(() => random() < round / 20)
      expect(columns.facets(subset, lookup)).toEqual(computeFacets(subset, lookup))
    }
    expect(columns.facets([], lookup)).toEqual(computeFacets([], lookup))
  })

  it('filters exactly as matchesFilter does', () => {
    const columns = new FacetColumns()
    for (const filter of filtersOf(items)) {
      const passes = columns.matcher(filter, lookup)
      const expected = items.filter((s) => matchesFilter(s, filter, lookup)).map((s) => s.id)
      expect(items.filter(passes).map((s) => s.id)).toEqual(expected)
    }
  })

  it('follows a changed summary (a new object) and values first met while filtering', () => {
    const columns = new FacetColumns()
    const base = items[0] as ArticleListItem
    const before = columns.facets([base], lookup)
    const changed: ArticleSummary & { read: boolean; favourite: boolean } = {
      ...base,
      author: '新作者',
      categories: [['新分类', '新来源']],
      date: '1999-05-01T00:00:00.000Z',
    }
    const filter: ArticleFilter = { categoryPath: ['新分类'], author: '新作者' }
    expect(columns.matcher(filter, lookup)(changed)).toBe(true)
    expect(columns.facets([base, changed], lookup)).toEqual(computeFacets([base, changed], lookup))
    expect(columns.facets([base], lookup)).toEqual(before)
  })
})

describe('core.search: total and facets', () => {
  it('equal the unfiltered matches filtered by matchesFilter and counted by computeFacets', async () => {
    const byId = new Map(items.map((item) => [item.id, item]))
    let nonEmpty = 0
    for (const query of QUERIES) {
      const all = await core.search({ query, limit: 500 })
      expect(all.hits.length).toBe(all.total)
      const matched = all.hits.map((hit) => byId.get(hit.id) as ArticleListItem)
      expect(all.facets).toEqual(computeFacets(matched, lookup))
      for (const filter of filtersOf(items)) {
        const result = await core.search({ query, limit: 500, filter })
        const expected = matched.filter((s) => matchesFilter(s, filter, lookup))
        expect(result.total).toBe(expected.length)
        expect(new Set(result.hits.map((hit) => hit.id))).toEqual(
          new Set(expected.map((s) => s.id)),
        )
        const inOrder = result.hits.map((hit) => byId.get(hit.id) as ArticleListItem)
        expect(result.facets).toEqual(computeFacets(inOrder, lookup))
        if (result.total > 0) nonEmpty++
      }
    }
    // The filters and queries are not all empty: the comparisons above compared something.
    expect(nonEmpty).toBeGreaterThan(20)
  }, 120_000)
})

describe('core.search: the same filter search after search', () => {
  /** The straightforward answer over the catalog as listed now. */
  async function expected(query: string, filter: ArticleFilter): Promise<ArticleListItem[]> {
    const now = new Map((await core.listArticles({ limit: 1000 })).items.map((i) => [i.id, i]))
    const all = await core.search({ query, limit: 500 })
    return all.hits
      .map((hit) => now.get(hit.id) as ArticleListItem)
      .filter((s) => matchesFilter(s, filter, lookup))
  }

  async function check(query: string, filter: ArticleFilter): Promise<number> {
    const want = await expected(query, filter)
    const got = await core.search({ query, limit: 500, filter })
    expect(got.total).toBe(want.length)
    expect(got.facets).toEqual(computeFacets(want, lookup))
    return got.total
  }

  it('follows marks set and files added between searches', async () => {
    const query = '的'
    const unread = items.find((i) => !i.read && !i.favourite && i.categories[0]?.[0])
    const top = unread?.categories[0]?.slice(0, 1) as string[]
    const filter: ArticleFilter = { categoryPath: top, marks: 'unread' }
    const first = await check(query, filter)
    expect(await check(query, filter)).toBe(first)
    // A mark changes no summary: the filter's marks part must still see it.
    const inFilter = (await core.search({ query, limit: 500, filter })).hits[0]
    expect(inFilter).toBeDefined()
    await core.setMark({ id: inFilter?.id as string, read: true })
    const afterMark = await check(query, filter)
    expect(afterMark).toBe(first - 1)
    // A new file in the category (a copy of an unread one, under another name).
    const source = (await expected(query, filter))[0] as ArticleListItem
    const copy = path.join(archiveDir, `copy-${path.basename(source.id)}`)
    fs.copyFileSync(path.join(archiveDir, source.id), copy)
    await waitFor(
      async () =>
        (await core.search({ query, limit: 500 })).hits.some((h) => h.id.startsWith('copy-')),
      'the copy to be searchable',
      { timeoutMs: 30_000 },
    )
    expect(await check(query, filter)).toBe(afterMark + 1)
  }, 120_000)
})
