/**
 * Whether list thumbnails are in the image cache, asked of the engine before any <img> is made:
 * requesting `/img/<key>` for an image that is not cached answers 404, and Chromium logs each
 * failed image load as a console error (about 20 per screen of rows on the demo archive).
 *
 * The keys the rows of one frame ask for go to the engine together (getImageStates, at most
 * MAX_BATCH keys a call). Answers are remembered, the newest REMEMBERED of them; an
 * 'images-changed' event forgets the keys it names (all but the cached ones when it says `more`),
 * so a row whose image has just been downloaded asks again and shows it.
 */
import { useEffect, useSyncExternalStore } from 'react'
import type { ArchiveClient } from '../../../../shared/contract/client'
import type { ImageStatus } from '../../../../shared/contract/api'
import { useApi } from '../../api/ApiContext'

/** The contract's limit for one getImageStates call. */
const MAX_BATCH = 2000
const REMEMBERED = 5000

export interface ThumbnailStates {
  /** The cache status of a key, or undefined while it is not known (see `request`). */
  status: (key: string) => ImageStatus | undefined
  /** Asks the engine for a key's status with the other keys asked in this frame. */
  request: (key: string) => void
  subscribe: (listener: () => void) => () => void
}

export function createThumbnailStates(
  client: Pick<ArchiveClient, 'getImageStates' | 'onEvent'>,
): ThumbnailStates {
  const known = new Map<string, ImageStatus>()
  const wanted = new Set<string>()
  const asking = new Set<string>()
  const listeners = new Set<() => void>()
  let scheduled = false

  const notify = () => {
    for (const listener of [...listeners]) listener()
  }

  const remember = (key: string, status: ImageStatus) => {
    known.delete(key)
    known.set(key, status)
    if (known.size > REMEMBERED) known.delete(known.keys().next().value as string)
  }

  const flush = () => {
    scheduled = false
    const keys = [...wanted].slice(0, MAX_BATCH)
    for (const key of keys) {
      wanted.delete(key)
      asking.add(key)
    }
    if (wanted.size > 0) schedule()
    client.getImageStates({ keys }).then(
      (states) => {
        for (const key of keys) asking.delete(key)
        for (const state of states) remember(state.key, state.status)
        notify()
      },
      () => {
        // Unknown stays unknown: a neutral box until the row is shown again.
        for (const key of keys) asking.delete(key)
      },
    )
  }

  const schedule = () => {
    if (scheduled) return
    scheduled = true
    setTimeout(flush, 0)
  }

  client.onEvent((event) => {
    if (event.type !== 'images-changed') return
    let forgot = false
    if (event.more) {
      for (const [key, status] of known)
        if (status !== 'cached') forgot = known.delete(key) || forgot
    }
    for (const key of event.keys) forgot = known.delete(key) || forgot
    if (forgot) notify()
  })

  return {
    status: (key) => known.get(key),
    request: (key) => {
      if (known.has(key) || asking.has(key) || wanted.has(key)) return
      wanted.add(key)
      schedule()
    },
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

// One store per client: the client lives as long as the page.
const stores = new WeakMap<object, ThumbnailStates>()

function storeOf(client: ArchiveClient): ThumbnailStates {
  let store = stores.get(client)
  if (!store) stores.set(client, (store = createThumbnailStates(client)))
  return store
}

/** The cache status of a thumbnail's key (null: no key), asked for when not known. */
export function useThumbnailStatus(key: string | null): ImageStatus | undefined {
  const store = storeOf(useApi().client)
  const status = useSyncExternalStore(store.subscribe, () => (key ? store.status(key) : undefined))
  useEffect(() => {
    if (key && status === undefined) store.request(key)
  }, [store, key, status])
  return status
}
