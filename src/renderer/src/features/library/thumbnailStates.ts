/**
 * Whether list thumbnails are in the image cache, asked of the engine before any <img> is made:
 * requesting `/img/<key>` for an image that is not cached answers 404, and Chromium logs each
 * failed image load as a console error (about 20 per screen of rows on the demo archive).
 *
 * The keys the rows of one frame ask for go to the engine together (getImageStates, at most
 * MAX_BATCH keys a call). Answers are remembered, the newest REMEMBERED of them; an
 * 'images-changed' event forgets the keys it names (all but the cached ones when it says `more`),
 * so a row whose image has just been downloaded asks again and shows it. An answer to a key that
 * such an event named while it was being asked about may predate the download: it is dropped and
 * the key asked again. After serve mode's event stream comes back from a drop ('restored'), the
 * events of the gap are lost, so it is as if one said `more`, and the keys whose asking failed
 * meanwhile are asked again.
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
  // Keys being asked about that an event said changed since: their answer may be stale.
  const changedWhileAsking = new Set<string>()
  // Keys whose asking failed (the server was down, say): asked again once the stream is back.
  const failed = new Set<string>()
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
        // Computed before the change an event told of, perhaps: asked again rather than kept as
        // 'not-cached' for an image downloaded meanwhile (nothing would say so again).
        const stale = new Set(keys.filter((key) => changedWhileAsking.delete(key)))
        for (const key of keys) {
          asking.delete(key)
          failed.delete(key)
        }
        for (const state of states) if (!stale.has(state.key)) remember(state.key, state.status)
        for (const key of stale) want(key)
        notify()
      },
      () => {
        // Unknown stays unknown: a neutral box until the row is shown again, or the stream is
        // back (a failure in serve mode is most likely the server being away).
        for (const key of keys) {
          asking.delete(key)
          changedWhileAsking.delete(key)
          failed.add(key)
          if (failed.size > REMEMBERED) failed.delete(failed.values().next().value as string)
        }
      },
    )
  }

  const want = (key: string) => {
    if (known.has(key) || asking.has(key) || wanted.has(key)) return
    wanted.add(key)
    schedule()
  }

  /** Forgets `keys`, or everything not cached when `all`; answers on their way are dropped. */
  const forget = (keys: readonly string[], all: boolean) => {
    let forgot = false
    if (all) {
      for (const [key, status] of known)
        if (status !== 'cached') forgot = known.delete(key) || forgot
      for (const key of asking) changedWhileAsking.add(key)
    }
    for (const key of keys) {
      forgot = known.delete(key) || forgot
      if (asking.has(key)) changedWhileAsking.add(key)
    }
    if (forgot) notify()
  }

  const schedule = () => {
    if (scheduled) return
    scheduled = true
    setTimeout(flush, 0)
  }

  client.onEvent((event) => {
    if (event.type === 'images-changed') forget(event.keys, event.more)
    else if (event.type === 'connection' && event.state === 'restored') {
      // The images downloaded while the stream was down went unsaid. A forgotten key is asked
      // again by its row (its status became unknown); a failed one is still unknown, so no row
      // would ask: ask here.
      forget([], true)
      const retry = [...failed]
      failed.clear()
      for (const key of retry) want(key)
    }
  })

  return {
    status: (key) => known.get(key),
    request: want,
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
