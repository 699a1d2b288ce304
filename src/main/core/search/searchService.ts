/**
 * The search side of the engine as the library sees it. The index lives on its
 * own worker thread (worker.ts) with its postings and text in files under the
 * archive's data folder, so neither the memory nor the minutes of a 100k-article
 * build land on the thread that answers the UI.
 *
 * On open the worker builds the index by scanning the folder itself (parsing twice
 * costs seconds; shipping 300M characters of text between threads would cost
 * memory), and the watcher's changes follow as add/remove messages, which the
 * worker handles between the build's steps. Searches are answered from whatever
 * is indexed so far. The list filter crosses the thread as the ids it allows, and
 * facets are computed here over every match.
 */
import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import type { SearchRequest, SearchResponse } from '../../../shared/contract/api'
import type { ScannedArticle } from '../../../shared/types/article'
import { sourceOfCategories } from '../../../shared/articleSource'
import { createLogger } from '../log'
import type { CatalogChange } from '../library/catalogDiff'
import type { LibraryService } from '../library/libraryService'
import { matchesFilter } from '../library/query'
import { archiveDataDir } from '../state/paths'
import { createSearchWorkerClient, type SearchBuild, type SearchWorkerClient } from './client'
import type { IndexableArticle } from './searchIndex'

const log = createLogger('search')
const DEFAULT_LIMIT = 50
const MAX_LIMIT = 500

export interface SearchServiceOptions {
  /** The app's data folder: the index of each archive lives under archives/<key>/search. */
  dataDir: string
  /** Indexing progress, for the UI's progress bar. */
  onIndexed?: (indexed: number, done: boolean) => void
}

/** What the library tells the index, and what the contract asks of it. */
export interface SearchPort {
  /** A new archive is opening: drop the old index and build this one. */
  start(root: string): void
  /** The archive is closed. */
  stop(): Promise<void>
  changed(change: CatalogChange): void
  search(request: SearchRequest, library: LibraryService): Promise<SearchResponse>
  dispose(): Promise<void>
}

function indexable(article: ScannedArticle): IndexableArticle {
  return {
    id: article.id,
    title: article.title,
    date: article.date,
    categories: article.categories,
    text: article.text,
    author: article.author,
  }
}

export function createSearchService(options: SearchServiceOptions): SearchPort {
  let client: SearchWorkerClient | null = null
  let build: SearchBuild | null = null
  /** Every message to the worker goes after the open; a failure is logged, never thrown at callers. */
  let ready: Promise<void> = Promise.resolve()

  async function shutDown(): Promise<void> {
    const previous = client
    build?.cancel()
    client = null
    build = null
    if (previous)
      await previous
        .close()
        .catch((error: unknown) => log.warn('closing the search worker failed', error))
  }

  return {
    start(root) {
      const closing = shutDown()
      const current = createSearchWorkerClient()
      client = current
      const dir = path.join(archiveDataDir(options.dataDir, root), 'search')
      ready = (async () => {
        await closing
        // A fresh index on every open: reusing the snapshot (and re-reading only changed files)
        // is the search issue's next step; until then a stale snapshot must never be trusted.
        await rm(dir, { recursive: true, force: true })
        await mkdir(dir, { recursive: true })
        await current.open(dir)
        if (client !== current) return
        build = current.build(root, { onProgress: (p) => options.onIndexed?.(p.indexed, false) })
        build.done.then(
          ({ indexed }) => options.onIndexed?.(indexed, true),
          (error: unknown) => log.warn('building the search index stopped', error),
        )
      })().catch((error: unknown) => log.error('the search index could not be opened', error))
    },
    async stop() {
      await shutDown()
    },
    changed(change) {
      const current = client
      if (!current) return
      ready = ready.then(async () => {
        try {
          if (change.removed.length > 0) await current.remove(change.removed)
          if (change.upserted.length > 0) await current.add(change.upserted.map(indexable))
        } catch (error) {
          log.warn('updating the search index failed', error)
        }
      })
    },
    async search(request, library) {
      const current = client
      if (!current) return { total: 0, hits: [], facets: library.facetsOf([]) }
      await ready
      const lookup = library.markLookup()
      const filter = request.filter
      const allowedIds = filter
        ? library
            .summaries()
            .flatMap((summary) => (matchesFilter(summary, filter, lookup) ? [summary.id] : []))
        : undefined
      const result = await current.search(request.query, {
        limit: Math.min(request.limit ?? DEFAULT_LIMIT, MAX_LIMIT),
        offset: request.offset ?? 0,
        sort: request.sort ?? 'relevance',
        ...(allowedIds ? { allowedIds } : {}),
      })
      // A file deleted while the index was being built may linger in it: only what the catalog
      // holds is a result.
      const matched = result.matchedIds.flatMap((id) => {
        const summary = library.summary(id)
        return summary ? [summary] : []
      })
      const hits = result.hits.flatMap((hit) => {
        const summary = library.summary(hit.id)
        if (!summary) return []
        return [
          {
            id: hit.id,
            title: hit.title,
            date: hit.date,
            dateSource: summary.dateSource,
            source: sourceOfCategories(summary.categories),
            score: hit.score,
            snippet: hit.snippet,
          },
        ]
      })
      return { total: matched.length, hits, facets: library.facetsOf(matched) }
    },
    async dispose() {
      await shutDown()
    },
  }
}
