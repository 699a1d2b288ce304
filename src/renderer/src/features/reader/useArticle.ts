/**
 * Loads the open article for the reader, and again whenever its reading's version changes (its
 * file was edited, renamed or deleted). Keeps the previous article on screen while the next
 * loads, and keeps the last version of an article whose file was deleted, saying so. A file
 * renamed while the events did not come (the library answers "renamed to …") is followed.
 */
import { useEffect, useMemo, useState } from 'react'
import type { ArticleView } from '../../../../shared/contract/api'
import { ApiError } from '../../../../shared/errors'
import { useApi } from '../../api/ApiContext'
import type { Reading } from '../library/openState'

export interface ArticleState {
  /** The article shown; while another loads, the previous one. */
  view: ArticleView | null
  /** The reading `view` belongs to (Reading.key), so the reader knows a new one from a reload. */
  viewKey: number | null
  /** A failure other than the article being gone. */
  error: ApiError | null
  loading: boolean
  /** The article's file is no longer in the archive; `view`, if any, is its last version. */
  deleted: boolean
}

interface Answer {
  /** The request answered: reading key, id and version. */
  request: string
  key: number
  view: ArticleView | null
  error: ApiError | null
}

const requestOf = (id: string, key: number, version: number) => `${key}\u0000${id}\u0000${version}`

/**
 * `onRenamed(from, to)`: the open article's file was renamed while its event was missed (serve
 * mode's stream dropped); the caller moves the reading to `to`, which loads it here again.
 */
export function useArticle(
  reading: Reading | null,
  onRenamed?: (from: string, to: string) => void,
): ArticleState {
  const { client } = useApi()
  // Each answer remembers what it answers, so a stale one is never shown as current.
  const [answer, setAnswer] = useState<Answer | null>(null)
  const id = reading?.id ?? null
  const key = reading?.key ?? 0
  const version = reading?.version ?? 0

  useEffect(() => {
    if (id === null) return
    const request = requestOf(id, key, version)
    let live = true
    // A later version is the same reading again after a change on disk: no "mark read on open".
    client.getArticle(version > 0 ? { id, reread: true } : { id }).then(
      (view) => live && setAnswer({ request, key, view, error: null }),
      (failure: unknown) => {
        if (!live) return
        const error =
          failure instanceof ApiError ? failure : new ApiError('INTERNAL', String(failure))
        const renamedTo = renamedTarget(error)
        if (renamedTo !== null && onRenamed) {
          onRenamed(id, renamedTo)
          return
        }
        // The last version read stays on screen under the notice.
        setAnswer((before) => ({
          request,
          key,
          view: before?.key === key ? before.view : null,
          error,
        }))
      },
    )
    return () => {
      live = false
    }
  }, [client, id, key, version, onRenamed])

  const open = id !== null
  const current = open && answer?.request === requestOf(id, key, version)
  const gone = current && answer?.error?.code === 'ARTICLE_NOT_FOUND'
  const view = open ? (answer?.view ?? null) : null
  const viewKey = open && answer?.view ? answer.key : null
  const error = current && !gone ? (answer?.error ?? null) : null
  // One object per state: the reader is memoized on it.
  return useMemo(
    () => ({ view, viewKey, error, loading: open && !current, deleted: gone }),
    [view, viewKey, error, open, current, gone],
  )
}

/** The id a missing article's file was renamed to, when the library knows it. */
function renamedTarget(error: ApiError): string | null {
  if (error.code !== 'ARTICLE_NOT_FOUND' || error.detail?.reason !== 'renamed') return null
  const to = error.detail.values['id']
  return typeof to === 'string' && to !== '' ? to : null
}
