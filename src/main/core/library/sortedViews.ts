/**
 * Sorted orders of the catalog, computed on first use and dropped on any change,
 * so paging through 100k articles sorts once, not once per page.
 */
import type { ListSort, SortOrder } from '../../../shared/contract/api'
import type { ArticleSummary } from '../../../shared/types/article'
import { compareBy } from './query'

export class SortedViews {
  private readonly cache = new Map<string, ArticleSummary[]>()

  constructor(private readonly source: () => Iterable<ArticleSummary>) {}

  get(sort: ListSort, order: SortOrder): ArticleSummary[] {
    const key = `${sort}:${order}`
    let view = this.cache.get(key)
    if (!view) {
      view = [...this.source()].sort(compareBy(sort, order))
      this.cache.set(key, view)
    }
    return view
  }

  invalidate(): void {
    this.cache.clear()
  }
}
