/**
 * The search side of the engine as the library sees it: follows the catalog
 * (scan, watcher changes, resets) into the index and answers the contract's
 * `search` call, applying the list filter and computing contract facets over
 * every match (not just the page).
 */
import type { SearchRequest, SearchResponse } from '../../../shared/contract/api'
import type { ScannedArticle } from '../../../shared/types/article'
import { sourceOfCategories } from '../../../shared/articleSource'
import type { SearchPort } from '../createCore'
import type { CatalogChange } from '../library/catalogDiff'
import type { LibraryService } from '../library/libraryService'
import { matchesFilter } from '../library/query'
import { createSearchIndex, type SearchIndex } from './searchIndex'

const DEFAULT_LIMIT = 50
const MAX_LIMIT = 500

export function createSearchService(): SearchPort {
  let index: SearchIndex = createSearchIndex()
  const indexable = (article: ScannedArticle) => ({
    id: article.id,
    title: article.title,
    date: article.date,
    categories: article.categories,
    text: article.text,
    author: article.author,
  })

  return {
    reset() {
      index.close()
      index = createSearchIndex()
    },
    scanned(article) {
      index.add(indexable(article))
    },
    changed(change: CatalogChange) {
      for (const id of change.removed) index.remove(id)
      for (const article of change.upserted) index.update(indexable(article))
    },
    scanDone() {},
    async search(request: SearchRequest, library: LibraryService): Promise<SearchResponse> {
      const limit = Math.min(request.limit ?? DEFAULT_LIMIT, MAX_LIMIT)
      const lookup = library.markLookup()
      const filter = request.filter
      const result = index.search(request.query, {
        limit,
        offset: request.offset ?? 0,
        sort: request.sort ?? 'relevance',
        ...(filter
          ? {
              accept: (id: string) => {
                const summary = library.summary(id)
                return summary !== undefined && matchesFilter(summary, filter, lookup)
              },
            }
          : {}),
      })
      const matched = result.matchedIds.flatMap((id) => {
        const summary = library.summary(id)
        return summary ? [summary] : []
      })
      return {
        total: result.total,
        hits: result.hits.map((hit) => {
          const summary = library.summary(hit.id)
          return {
            id: hit.id,
            title: hit.title,
            date: hit.date,
            dateSource: summary?.dateSource ?? 'front-matter',
            source: summary ? sourceOfCategories(summary.categories) : null,
            score: hit.score,
            snippet: hit.snippet,
          }
        }),
        facets: library.facetsOf(matched),
      }
    },
    async dispose() {
      index.close()
    },
  }
}
