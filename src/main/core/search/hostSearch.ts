/**
 * The host's share of one search: the list filter as a byte per id number, the search in the
 * worker with ids as numbers (compactSearch.ts), then the total and facets counted from columns
 * by number (hostIds.ts) and the page's hits joined with their summaries. The search service
 * (searchService.ts) decides which index answers and whom to tell how long it took.
 */
import type { SearchRequest, SearchResponse } from '../../../shared/contract/api'
import { sourceOfCategories } from '../../../shared/articleSource'
import type { FacetColumns } from '../library/facetColumns'
import type { LibraryService } from '../library/libraryService'
import type { SearchWorkerClient } from './client'
import { FAVOURITE_BIT, READ_BIT, type HostIdTable, type MatchCatalog } from './hostIds'
import type { SearchTiming } from './searchServiceTypes'

const DEFAULT_LIMIT = 50
const MAX_LIMIT = 500

export interface HostSearchContext {
  client: SearchWorkerClient
  /** The open index's numbering of ids, brought up to `catalog` here. */
  ids: HostIdTable
  facetColumns: FacetColumns
  catalog: MatchCatalog
  library: LibraryService
  /**
   * While the library's first scan runs, a restored index knows articles the list does not
   * show yet: only listed ones may fill the page (they are passed as the ids allowed).
   */
  aheadOfList: boolean
}

export async function searchOnHost(
  request: SearchRequest,
  { client, ids, facetColumns, catalog, library, aheadOfList }: HostSearchContext,
): Promise<{ response: SearchResponse; timing: SearchTiming }> {
  const started = performance.now()
  ids.refresh(catalog, facetColumns)
  const { marks: byMarks, ...byCatalog } = request.filter ?? {}
  // The UI sends its filter with every search, usually empty: an empty one is no filter
  // (a 100k-byte bitmap built, sent and applied per keystroke for nothing).
  const byCatalogSet = Object.values(byCatalog).some((value) => value !== undefined)
  const allowed =
    byCatalogSet || byMarks !== undefined || aheadOfList
      ? ids.allowed(
          JSON.stringify(byCatalog),
          byCatalogSet ? facetColumns.matcher(byCatalog, library.markLookup()) : null,
          byMarks ?? null,
        )
      : undefined
  const unsent = ids.unsent()
  const sent = performance.now()
  const result = await client.searchCompact(request.query, {
    limit: Math.min(request.limit ?? DEFAULT_LIMIT, MAX_LIMIT),
    offset: request.offset ?? 0,
    sort: request.sort ?? 'relevance',
    ...unsent,
    ...(allowed ? { allowed } : {}),
  })
  const received = performance.now()
  const { total, facets } = ids.count(result, facetColumns)
  const hits = result.hits.flatMap((hit) => {
    const summary = library.summary(hit.id)
    if (!summary) return []
    // The marks are joined here, with the summary, so that result rows show the unread dot and
    // the star as list rows do: the worker's index knows nothing of marks.
    const marks = catalog.markBits(summary)
    return [
      {
        id: hit.id,
        title: hit.title,
        date: hit.date,
        dateSource: summary.dateSource,
        source: sourceOfCategories(summary.categories),
        score: hit.score,
        snippet: hit.snippet,
        titleMarks: hit.titleMarks,
        read: (marks & READ_BIT) !== 0,
        favourite: (marks & FAVOURITE_BIT) !== 0,
      },
    ]
  })
  return {
    response: { total, hits, facets },
    timing: {
      filterMs: sent - started,
      workerMs: result.workerMs,
      transferMs: received - sent - result.workerMs,
      hostMs: performance.now() - received,
      idsSent: unsent.ids.length,
    },
  }
}
