/**
 * The list's data: pages fetched lazily as the virtual list scrolls, from listArticles or search.
 * A new query drops every page; a new `version` (archive changed) keeps the pages on screen
 * but marks them stale, so the list never flashes empty while a scan fills it.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { MAX_ID_PAGE, type Facets, type ListArticlesRequest } from '../../../../shared/contract/api'
import { ApiError } from '../../../../shared/errors'
import { useApi } from '../../api/ApiContext'
import { rowFromHit, rowFromItem, type Row, type RowQuery } from './rows'

/**
 * Rows per request. A list page is cheap at any size (tens of ms for 200 rows); a search page
 * costs the engine a snippet per hit, so a search's first answer, the one the user waits for
 * after each query, asks for about two screens of rows only (200 snippets took 2-4x as long).
 */
const LIST_PAGE = 200
const SEARCH_PAGE = 50

/**
 * A page that failed is asked again after 1 s, then 2, 4… up to 30 s, until it loads. Not at
 * once: the list asks for its pages at every render and each failure renders, so a server that
 * was down was asked hundreds of times a second. Not never either: the Electron app has no
 * reconnect event to wait for, so a transient failure would leave its rows loading for good.
 */
const RETRY_FIRST_MS = 1_000
const RETRY_MAX_MS = 30_000

/** Asking again cannot mend these: the query or its arguments are wrong (a new query may). */
const FINAL = new Set(['QUERY_INVALID', 'INVALID_ARGUMENT'])

export function retryDelay(attempts: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.max(0, attempts - 1))
}

interface Failure {
  generation: number
  error: ApiError
  /** Failures in a row of this page (for this query), for the backoff. */
  attempts: number
  /** Date.now() from which it is asked again. */
  retryAt: number
}

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

/** The listArticles request for rows [offset, offset + limit) of a list query. */
function listRequest(
  q: Extract<RowQuery, { kind: 'list' }>,
  offset: number,
  limit: number,
): ListArticlesRequest {
  return { offset, limit, sort: q.sort, order: q.order, filter: q.filter }
}

export function useRows(query: RowQuery, version: number): RowSource {
  const { client } = useApi()
  const key = JSON.stringify(query)
  const pageSize = query.kind === 'search' ? SEARCH_PAGE : LIST_PAGE
  const pages = useRef(new Map<number, Page>())
  const inflight = useRef(new Set<string>())
  const generation = useRef(0)
  // Page index -> its last failure, until it loads: asked again after the backoff (retryDelay), or
  // at once in a new generation (a new version: the archive changed, or the event stream came
  // back after a drop). A new query forgets them.
  const failed = useRef(new Map<number, Failure>())
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null)
  // The newest `ensure`, for the retry timer.
  const ensureRef = useRef<(start: number, end: number) => void>(() => {})
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
        const page = await client.listArticles(listRequest(q, offset, limit))
        return { total: page.total, rows: page.items.map(rowFromItem), facets: null }
      }
      const response = await client.search({
        query: q.query,
        offset,
        limit,
        sort: q.sort,
        filter: q.filter,
      })
      return {
        total: response.total,
        rows: response.hits.map((hit) => rowFromHit(hit)),
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
      const page = await client.listArticles({ ...listRequest(q, offset, limit), idsOnly: true })
      return { total: page.total, ids: page.ids ?? page.items.map((item) => item.id) }
    },
    [client, fetchPage],
  )

  /** Wakes up when the earliest failed page is due, to ask again for those on screen. */
  const scheduleRetry = useCallback(() => {
    if (retryTimer.current !== null) clearTimeout(retryTimer.current)
    retryTimer.current = null
    let due = Infinity
    for (const failure of failed.current.values())
      if (failure.generation === generation.current) due = Math.min(due, failure.retryAt)
    // Infinity: nothing to retry (no failure, or only final ones).
    if (due === Infinity) return
    retryTimer.current = setTimeout(
      () => {
        retryTimer.current = null
        ensureRef.current(...lastRange.current)
      },
      Math.max(0, due - Date.now()) + 5,
    )
  }, [])

  useEffect(
    () => () => {
      if (retryTimer.current !== null) clearTimeout(retryTimer.current)
    },
    [],
  )

  /** The failure of a page of this generation in rows [start, end], if any. */
  const failureIn = useCallback(
    (start: number, end: number): ApiError | null => {
      const first = Math.floor(Math.max(0, start) / pageSize)
      const last = Math.floor(Math.max(0, end) / pageSize)
      for (const [p, failure] of failed.current)
        if (p >= first && p <= last && failure.generation === generation.current)
          return failure.error
      return null
    },
    [pageSize],
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
          failed.current.delete(pageIndex)
          // Another page on screen that failed still says so (it is being retried).
          const stillFailing = failureIn(...lastRange.current)
          // A fresh object every time: the rows changed even when the total did not. The facets
          // count every match, so each page of one generation carries the same ones: keeping the
          // first object spares the sidebar a re-render for every page scrolled into view.
          setAnswer((before) => {
            const same = before.key === key && before.facets !== null && before.facetsOf === gen
            return {
              key,
              total: result.total,
              error: stillFailing,
              facets: same ? before.facets : result.facets,
              facetsOf: gen,
            }
          })
        },
        (failure: unknown) => {
          inflight.current.delete(flightKey)
          if (gen !== generation.current) return
          const error =
            failure instanceof ApiError ? failure : new ApiError('INTERNAL', String(failure))
          const attempts = (failed.current.get(pageIndex)?.attempts ?? 0) + 1
          const retryAt = FINAL.has(error.code) ? Infinity : Date.now() + retryDelay(attempts)
          failed.current.set(pageIndex, { generation: gen, error, attempts, retryAt })
          scheduleRetry()
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
    [key, fetchPage, pageSize, failureIn, scheduleRetry],
  )

  /** Fetches the pages of rows [start, end] that are missing or stale (failed ones when due). */
  const fetchRange = useCallback(
    (start: number, end: number) => {
      lastRange.current = [start, end]
      const first = Math.floor(Math.max(0, start) / pageSize)
      const last = Math.floor(Math.max(0, end) / pageSize)
      const now = Date.now()
      for (let p = first; p <= last; p++) {
        const page = pages.current.get(p)
        const failure = failed.current.get(p)
        if (failure?.generation === generation.current && now < failure.retryAt) continue
        if (!page || page.generation !== generation.current) load(p)
      }
    },
    [load, pageSize],
  )

  const ensure = useCallback(
    (start: number, end: number) => {
      fetchRange(start, end)
      // The error shows while a page that failed is on screen, not after it was scrolled away.
      // (Same object back when nothing changed: no render.)
      const error = failureIn(start, end)
      setAnswer((before) =>
        before.key !== key || before.error === error ? before : { ...before, error },
      )
    },
    [fetchRange, failureIn, key],
  )
  useEffect(() => {
    ensureRef.current = ensure
  }, [ensure])

  // A new query: forget everything.
  useEffect(() => {
    generation.current++
    pages.current.clear()
    failed.current.clear()
    lastRange.current = [0, pageSize - 1]
    fetchRange(0, pageSize - 1)
  }, [key, fetchRange, pageSize])

  // The archive changed: refetch what is on screen, keep showing the old rows meanwhile. Only a
  // new version counts: `ensure` changes with every query too, and once the archive had changed
  // once, comparing with the first version made every new query fetch its first page twice.
  const seenVersion = useRef(version)
  useEffect(() => {
    if (version === seenVersion.current) return
    seenVersion.current = version
    generation.current++
    fetchRange(...lastRange.current)
  }, [version, fetchRange])

  const rowAt = useCallback(
    (index: number) => pages.current.get(Math.floor(index / pageSize))?.rows[index % pageSize],
    [pageSize],
  )

  const allIds = useCallback(async () => {
    const q = JSON.parse(key) as RowQuery
    // A list gives every id in one call (MAX_ID_PAGE); search pages through its hits.
    const limit = q.kind === 'list' ? MAX_ID_PAGE : 500
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
