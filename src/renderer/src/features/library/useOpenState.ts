/**
 * The open article and the selection (openState.ts), kept current with the archive: every
 * 'articles-changed' event is applied as it comes, not throttled like the list's refetches, so
 * the reader and the selection never act on an id that is gone; after the event stream comes
 * back from a drop, the open article is read again (and followed if its file was renamed). A
 * new search (`search`, the query and filters as a key) drops the selection (afterNewSearch).
 */
import { useCallback, useEffect, useState } from 'react'
import { useApi } from '../../api/ApiContext'
import {
  afterArticlesChanged,
  afterNewSearch,
  afterReconnect,
  NOTHING_OPEN,
  openArticle,
  openOnly,
  oncePerReading,
  type OpenState,
} from './openState'

export function useOpenState(search: string) {
  const { client } = useApi()
  const [state, setState] = useState<OpenState>(NOTHING_OPEN)
  // Adjusted while rendering, as React advises for state that follows a value, not in an effect:
  // no frame shows the old selection beside the new search's results.
  const [searchOf, setSearchOf] = useState(search)
  if (searchOf !== search) {
    setSearchOf(search)
    setState(afterNewSearch)
  }
  // Outlives the reader's view, which is mounted again after a reread that failed.
  const [firstShowing] = useState(oncePerReading)

  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.type === 'articles-changed')
          setState((current) => afterArticlesChanged(current, event))
        else if (event.type === 'connection' && event.state === 'restored') setState(afterReconnect)
      }),
    [client],
  )

  /** Opens an article (keyboard, Enter, health panel); see openArticle for the selection. */
  const open = useCallback((id: string) => setState((current) => openArticle(current, id)), [])
  /** A plain click: opens the article and selects it alone. */
  const openAlone = useCallback((id: string) => setState((current) => openOnly(current, id)), [])
  /** The open article's file was renamed and its event missed (useArticle found out). */
  const followRename = useCallback(
    (from: string, to: string) =>
      setState((current) =>
        afterArticlesChanged(current, {
          type: 'articles-changed',
          upserted: [to],
          removed: [from],
          renamed: [{ from, to }],
        }),
      ),
    [],
  )
  const setSelected = useCallback(
    (selected: ReadonlySet<string>) => setState((current) => ({ ...current, selected })),
    [],
  )

  return {
    reading: state.reading,
    openId: state.reading?.id ?? null,
    selected: state.selected,
    open,
    openAlone,
    setSelected,
    followRename,
    /** True once per reading key: the first time the reader shows it (mark read on open). */
    firstShowing,
  }
}
