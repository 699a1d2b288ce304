/** Loads one article for the reader; keeps the previous one on screen while the next loads. */
import { useEffect, useState } from 'react'
import type { ArticleView } from '../../../../shared/contract/api'
import { ApiError } from '../../../../shared/errors'
import { useApi } from '../../api/ApiContext'

export interface ArticleState {
  view: ArticleView | null
  error: ApiError | null
  loading: boolean
}

export function useArticle(id: string | null, version: number): ArticleState {
  const { client } = useApi()
  // Each answer remembers what it answers, so a stale one is never shown as current.
  const [answer, setAnswer] = useState<{
    key: string
    view: ArticleView | null
    error: ApiError | null
  } | null>(null)
  const key = `${id ?? ''}\u0000${version}`

  useEffect(() => {
    if (!id) return
    let live = true
    client.getArticle({ id }).then(
      (view) => live && setAnswer({ key, view, error: null }),
      (error: unknown) =>
        live &&
        setAnswer({
          key,
          view: null,
          error: error instanceof ApiError ? error : new ApiError('INTERNAL', String(error)),
        }),
    )
    return () => {
      live = false
    }
  }, [client, id, key])

  if (!id) return { view: null, error: null, loading: false }
  const current = answer?.key === key
  return {
    // The previous article stays on screen while the next one loads.
    view: answer?.view ?? null,
    error: current ? (answer?.error ?? null) : null,
    loading: !current,
  }
}
