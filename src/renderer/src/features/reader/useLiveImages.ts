/**
 * Keeps the reader's images current: the engine queues an article's missing images when it is
 * read and says which images changed ('images-changed', coalesced); this re-reads the states of
 * the article's images when one of them changed, so placeholders turn into pictures (or give the
 * reason they failed) without reloading the article. `retry` asks for one image again.
 */
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ArticleView, ImageState } from '../../../../shared/contract/api'
import { useApi } from '../../api/ApiContext'

const MAX_KEYS = 2000

export function useLiveImages(view: ArticleView): {
  view: ArticleView
  retry: (key: string) => void
} {
  const { client } = useApi()
  const [states, setStates] = useState<{ id: string; byKey: Map<string, ImageState> } | null>(null)

  const merge = useCallback(
    (id: string, list: ImageState[]) =>
      setStates((previous) => {
        const byKey = new Map(previous?.id === id ? previous.byKey : [])
        for (const state of list) byKey.set(state.key, state)
        return { id, byKey }
      }),
    [],
  )

  useEffect(() => {
    const keys = view.images.filter((image) => !image.local).map((image) => image.key)
    if (keys.length === 0) return
    const watched = new Set(keys)
    let live = true
    const refresh = () => {
      client.getImageStates({ keys: keys.slice(0, MAX_KEYS) }).then(
        (list) => live && merge(view.id, list),
        () => undefined, // the next event tries again
      )
    }
    const off = client.onEvent((event) => {
      // Back from a dropped event stream: the images that changed meanwhile went unsaid.
      if (event.type === 'connection') {
        if (event.state === 'restored') refresh()
        return
      }
      if (event.type !== 'images-changed') return
      if (event.more || event.keys.some((key) => watched.has(key))) refresh()
    })
    // Images may have arrived between reading the article and subscribing.
    if (view.images.some((image) => image.status === 'pending')) refresh()
    return () => {
      live = false
      off()
    }
  }, [client, view, merge])

  const merged = useMemo(() => {
    if (!states || states.id !== view.id) return view
    return {
      ...view,
      images: view.images.map((image) => {
        const state = states.byKey.get(image.key)
        if (!state) return image
        const { reason: _old, ...rest } = image
        return { ...rest, status: state.status, ...(state.reason ? { reason: state.reason } : {}) }
      }),
    }
  }, [view, states])

  const retry = useCallback(
    (key: string) => {
      client.retryImage({ key }).then(
        (state) => merge(view.id, [state]),
        () => undefined,
      )
    },
    [client, view.id, merge],
  )

  return { view: merged, retry }
}
