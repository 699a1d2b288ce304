/** What changed in the catalog: from a rescan of the folder, or from one watcher batch. */
import type { ArticleSummary, ScannedArticle } from '../../../shared/types/article'

export interface CatalogChange {
  /** Articles added or changed, fully parsed (the index needs their text). */
  upserted: ScannedArticle[]
  /** Ids no longer in the archive. */
  removed: string[]
  /** Files moved with identical content: `from` is also in `removed`, `to` in `upserted`. */
  renamed: Array<{ from: string; to: string }>
}

/**
 * The change a rescan found: `changed` are articles new or different from the
 * catalog, `unchanged` the ids that matched it; every other catalog id is gone.
 */
export function diffCatalog(
  catalog: Map<string, ArticleSummary>,
  changed: Map<string, ScannedArticle>,
  unchanged: Set<string>,
): CatalogChange {
  const removed: string[] = []
  for (const id of catalog.keys()) if (!changed.has(id) && !unchanged.has(id)) removed.push(id)
  return matchRenames(catalog, [...changed.values()], removed)
}

/** A removed file and a new file with the same content hash are one file that moved. */
export function matchRenames(
  catalog: Map<string, ArticleSummary>,
  upserted: ScannedArticle[],
  removed: string[],
): CatalogChange {
  const removedByHash = new Map<string, string[]>()
  for (const id of removed) {
    const hash = catalog.get(id)?.hash
    if (!hash) continue
    const ids = removedByHash.get(hash) ?? []
    ids.push(id)
    removedByHash.set(hash, ids)
  }
  const renamed: Array<{ from: string; to: string }> = []
  for (const article of upserted) {
    if (catalog.has(article.id)) continue
    const from = removedByHash.get(article.hash)?.shift()
    if (from) renamed.push({ from, to: article.id })
  }
  return { upserted, removed, renamed }
}
