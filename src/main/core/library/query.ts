/**
 * Listing, filtering, sorting and facets over the catalog of article summaries:
 * the part of the contract that is not full-text search. Pure functions over
 * plain data, so they are tested without files.
 */
import type {
  ArticleFilter,
  ArticleListItem,
  CategoryNode,
  FacetCount,
  Facets,
  ListSort,
  SortOrder,
} from '../../../shared/contract/api'
import type { ArticleSummary } from '../../../shared/types/article'
import { sourceOfCategories } from '../../../shared/articleSource'

export interface MarkLookup {
  read(summary: ArticleSummary): boolean
  favourite(summary: ArticleSummary): boolean
}

export function toListItem(
  summary: ArticleSummary,
  marks: MarkLookup,
  thumbnailKey: string | null,
): ArticleListItem {
  return {
    ...summary,
    source: sourceOfCategories(summary.categories),
    read: marks.read(summary),
    favourite: marks.favourite(summary),
    thumbnailKey,
  }
}

/** True when the article passes every field of the filter. */
export function matchesFilter(
  summary: ArticleSummary,
  filter: ArticleFilter | undefined,
  marks: MarkLookup,
): boolean {
  if (!filter) return true
  if (filter.categoryPath && filter.categoryPath.length > 0) {
    const prefix = filter.categoryPath
    if (!summary.categories.some((path) => prefix.every((name, i) => path[i] === name)))
      return false
  }
  if (filter.source !== undefined && sourceOfCategories(summary.categories) !== filter.source)
    return false
  if (filter.author !== undefined && summary.author !== filter.author) return false
  if (filter.tag !== undefined && !summary.tags.includes(filter.tag)) return false
  if (filter.monthFrom !== undefined || filter.monthTo !== undefined) {
    const month = summary.month
    if (!month) return false
    if (filter.monthFrom !== undefined && month < filter.monthFrom) return false
    if (filter.monthTo !== undefined && month > filter.monthTo) return false
  }
  if (filter.marks === 'read' && !marks.read(summary)) return false
  if (filter.marks === 'unread' && marks.read(summary)) return false
  if (filter.marks === 'favourite' && !marks.favourite(summary)) return false
  return true
}

const collator = new Intl.Collator(['zh-Hans-CN', 'en'], { numeric: true, sensitivity: 'base' })

export function compareBy(
  sort: ListSort,
  order: SortOrder,
): (a: ArticleSummary, b: ArticleSummary) => number {
  const sign = order === 'asc' ? 1 : -1
  const byId = (a: ArticleSummary, b: ArticleSummary) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  switch (sort) {
    case 'date':
      // Undated articles sort last in both directions: they are the least useful at the top.
      return (a, b) => {
        if (a.date === b.date) return byId(a, b)
        if (a.date === null) return 1
        if (b.date === null) return -1
        return sign * (a.date < b.date ? -1 : 1)
      }
    case 'title':
      return (a, b) => sign * collator.compare(a.title, b.title) || byId(a, b)
    case 'source':
      return (a, b) =>
        sign *
          collator.compare(
            sourceOfCategories(a.categories) ?? '',
            sourceOfCategories(b.categories) ?? '',
          ) ||
        (a.date ?? '').localeCompare(b.date ?? '') * -1 ||
        byId(a, b)
  }
}

export function defaultOrder(sort: ListSort): SortOrder {
  return sort === 'date' ? 'desc' : 'asc'
}

/** Facet counts over a set of summaries (already filtered). */
export function computeFacets(summaries: Iterable<ArticleSummary>, marks: MarkLookup): Facets {
  const root: CategoryNode = { name: '', path: [], count: 0, children: [] }
  const childIndex = new Map<CategoryNode, Map<string, CategoryNode>>()
  const sources = new Map<string, number>()
  const authors = new Map<string, number>()
  const months = new Map<string, number>()
  const markCounts = { read: 0, unread: 0, favourite: 0 }
  for (const summary of summaries) {
    const touched = new Set<CategoryNode>()
    for (const path of summary.categories) {
      let node = root
      for (const name of path) {
        let children = childIndex.get(node)
        if (!children) childIndex.set(node, (children = new Map<string, CategoryNode>()))
        let child = children.get(name)
        if (!child) {
          child = { name, path: [...node.path, name], count: 0, children: [] }
          children.set(name, child)
          node.children.push(child)
        }
        touched.add(child)
        node = child
      }
    }
    for (const node of touched) node.count++
    bump(sources, sourceOfCategories(summary.categories))
    bump(authors, summary.author)
    bump(months, summary.month)
    if (marks.read(summary)) markCounts.read++
    else markCounts.unread++
    if (marks.favourite(summary)) markCounts.favourite++
  }
  sortTree(root)
  return {
    categories: root.children,
    sources: toCounts(sources),
    authors: toCounts(authors),
    months: [...months.entries()]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => (a.value < b.value ? 1 : -1)),
    marks: markCounts,
  }
}

function bump(counts: Map<string, number>, key: string | null): void {
  if (key) counts.set(key, (counts.get(key) ?? 0) + 1)
}

function toCounts(counts: Map<string, number>): FacetCount[] {
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || collator.compare(a.value, b.value))
}

function sortTree(node: CategoryNode): void {
  node.children.sort((a, b) => b.count - a.count || collator.compare(a.name, b.name))
  for (const child of node.children) sortTree(child)
}
