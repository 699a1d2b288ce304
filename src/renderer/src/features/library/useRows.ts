/**
 * The list's data: pages fetched lazily as the virtual list scrolls, from listArticles or search.
 * A new query drops every page; a new `version` (archive changed) keeps the pages on screen
 * but marks them stale, so the list never flashes empty while a scan fills it.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Facets } from '../../../../shared/contract/api'
import { ApiError } from '../../../../shared/errors'
import { useApi } from '../../api/ApiContext'
import { markableTerms } from '../search/queryTerms'
import { rowFromHit, rowFromItem, type Row, type RowQuery } from './rows'

/**
 * Rows per request. A list page is cheap at any size (tens of ms for 200 rows); a search page
 * costs the engine a snippet per hit, so a search's first answer, the one the user waits for
 * after each query, asks for about two screens of rows only (200 snippets took 2-4x as long).
 */
const LIST_PAGE = 200
const SEARCH_PAGE = 50

interface Page {
  generation: number
  rows: Row[]
}

export interface RowSource {
  /** Null until the first page answered. */
  total: number | null
  /** The query (as a key) whose first page is shown; null until it answered. */
  answeredKey: string | null
  rowAt(index: number): Row | undefined
  /** Fetches the pages covering [start, end] that are missing or stale. */
  ensure: (start: number, end: number) => void
  error: ApiError | null
  /** Facets of the search results (search queries only). */
  searchFacets: Facets | null
  /** Every id of the query, in order (fetched page by page). */
  allIds(): Promise<string[]>
}

export function useRows(query: RowQuery, version: number): RowSource {
  const { client } = useApi()
  const key = JSON.stringify(query)
  const pageSize = query.kind === 'search' ? SEARCH_PAGE : LIST_PAGE
  const pages = useRef(new Map<number, Page>())
  const inflight = useRef(new Set<string>())
  const generation = useRef(0)
  // Page index -> the generation whose fetch of it failed. Not fetched again in that generation:
  // the list asks for its pages at every render, and each failure renders, so a server that is
  // down was asked hundreds of times a second. A new query or version (the archive changed, or
  // the event stream came back after a drop) tries again.
  const failed = useRef(new Map<number, number>())
  // The rows a new query shows first: its first page only. Asking for the second page at once
  // as well doubled the engine's work while the user waits for the first.
  const lastRange = useRef<[number, number]>([0, pageSize - 1])
  // What the last answer said, keyed by its query: a new query reads as "nothing yet".
  const [answer, setAnswer] = useState<{
    key: string
    total: number | null
    error: ApiError | null
    facets: Facets | null
    /** The generation whose answer the facets came from. */
    facetsOf: number
  }>({
    key,
    total: null,
    error: null,
    facets: null,
    facetsOf: -1,
  })

  const fetchPage = useCallback(
    async (q: RowQuery, offset: number, limit: number) => {
      if (q.kind === 'list') {
        const page = await client.listArticles({
          offset,
          limit,
          sort: q.sort,
          order: q.order,
          filter: q.filter,
        })
        return { total: page.total, rows: page.items.map(rowFromItem), facets: null }
      }
      const response = await client.search({
        query: q.query,
        offset,
        limit,
        sort: q.sort,
        filter: q.filter,
      })
      const terms = markableTerms(q.query)
      return {
        total: response.total,
        rows: response.hits.map((hit) => rowFromHit(hit, terms)),
        facets: response.facets,
      }
    },
    [client],
  )

  // Select all: a list asks for ids only, so the engine builds no row and keys no thumbnail for
  // the whole archive (it used to register every local thumbnail of it, 100k at 100k articles).
  const fetchIds = useCallback(
    async (q: RowQuery, offset: number, limit: number) => {
      if (q.kind === 'search') {
        const page = await fetchPage(q, offset, limit)
        return { total: page.total, ids: page.rows.map((row) => row.id) }
      }
      const page = await client.listArticles({
        offset,
        limit,
        sort: q.sort,
        order: q.order,
        filter: q.filter,
        idsOnly: true,
      })
      return { total: page.total, ids: page.ids ?? page.items.map((item) => item.id) }
    },
    [client, fetchPage],
  )

  const load = useCallback(
    (pageIndex: number) => {
      const gen = generation.current
      const flightKey = `${gen}:${pageIndex}`
      if (inflight.current.has(flightKey)) return
      inflight.current.add(flightKey)
      const q = JSON.parse(key) as RowQuery
      fetchPage(q, pageIndex * pageSize, pageSize).then(
        (result) => {
          inflight.current.delete(flightKey)
          if (gen !== generation.current) return
          pages.current.set(pageIndex, { generation: gen, rows: result.rows })
          // A fresh object every time: the rows changed even when the total did not. The facets
          // count every match, so each page of one generation carries the same ones: keeping the
          // first object spares the sidebar a re-render for every page scrolled into view.
          setAnswer((before) => {
            const same = before.key === key && before.facets !== null && before.facetsOf === gen
            return {
              key,
              total: result.total,
              error: null,
              facets: same ? before.facets : result.facets,
              facetsOf: gen,
            }
          })
        },
        (failure: unknown) => {
          inflight.current.delete(flightKey)
          if (gen !== generation.current) return
          failed.current.set(pageIndex, gen)
          const error =
            failure instanceof ApiError ? failure : new ApiError('INTERNAL', String(failure))
          setAnswer((before) => ({
            key,
            total: before.key === key ? before.total : null,
            error,
            facets: null,
            facetsOf: -1,
          }))
        },
      )
    },
    [key, fetchPage, pageSize],
  )

  const ensure = useCallback(
    (start: number, end: number) => {
      lastRange.current = [start, end]
      const first = Math.floor(Math.max(0, start) / pageSize)
      const last = Math.floor(Math.max(0, end) / pageSize)
      for (let p = first; p <= last; p++) {
        const page = pages.current.get(p)
        if (failed.current.get(p) === generation.current) continue
        if (!page || page.generation !== generation.current) load(p)
      }
    },
    [load, pageSize],
  )

  // A new query: forget everything.
  useEffect(() => {
    generation.current++
    pages.current.clear()
    lastRange.current = [0, pageSize - 1]
    ensure(0, pageSize - 1)
  }, [key, ensure, pageSize])

  // The archive changed: refetch what is on screen, keep showing the old rows meanwhile. Only a
  // new version counts: `ensure` changes with every query too, and once the archive had changed
  // once, comparing with the first version made every new query fetch its first page twice.
  const seenVersion = useRef(version)
  useEffect(() => {
    if (version === seenVersion.current) return
    seenVersion.current = version
    generation.current++
    ensure(...lastRange.current)
  }, [version, ensure])

  const rowAt = useCallback(
    (index: number) => pages.current.get(Math.floor(index / pageSize))?.rows[index % pageSize],
    [pageSize],
  )

  const allIds = useCallback(async () => {
    const q = JSON.parse(key) as RowQuery
    const limit = q.kind === 'list' ? 1000 : 500
    const ids: string[] = []
    for (let offset = 0; ; offset += limit) {
      const page = await fetchIds(q, offset, limit)
      ids.push(...page.ids)
      if (page.ids.length < limit || ids.length >= page.total) break
    }
    return ids
  }, [key, fetchIds])

  const current = answer.key === key
  return {
    total: current ? answer.total : null,
    answeredKey: current && answer.total !== null ? key : null,
    rowAt,
    ensure,
    error: current ? answer.error : null,
    searchFacets: current ? answer.facets : null,
    allIds,
  }
}
