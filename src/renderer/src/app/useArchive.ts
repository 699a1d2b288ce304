/**
 * The open archive as the UI sees it: its info, the indexing progress, and a `version` that
 * changes whenever listed data may have changed (scan batches, watcher batches, marks, or a
 * reconnected event stream that missed whatever happened meanwhile), so views refetch what they
 * show. Bumps are throttled: a 100k scan must not refetch 1000 times.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ArchiveInfo, IndexProgress } from '../../../shared/contract/api'
import { ApiError } from '../../../shared/errors'
import { useApi } from '../api/ApiContext'
import { createLogger } from './log'

const log = createLogger('archive')
const REFRESH_THROTTLE_MS = 400

export interface ArchiveState {
  info: ArchiveInfo | null
  /** False until the first getArchiveInfo answered. */
  loaded: boolean
  progress: (IndexProgress & { done: boolean }) | null
  version: number
  opening: boolean
  openError: ApiError | null
  open: (path: string) => Promise<void>
  close: () => Promise<void>
  refresh: () => void
}

export function useArchive(): ArchiveState {
  const { client } = useApi()
  const [info, setInfo] = useState<ArchiveInfo | null>(null)
  const [loaded, setLoaded] = useState(false)
  const [progress, setProgress] = useState<ArchiveState['progress']>(null)
  const [version, setVersion] = useState(0)
  const [opening, setOpening] = useState(false)
  const [openError, setOpenError] = useState<ApiError | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  const bump = useCallback(() => {
    if (timer.current) return
    timer.current = setTimeout(() => {
      timer.current = null
      setVersion((v) => v + 1)
    }, REFRESH_THROTTLE_MS)
  }, [])

  const reload = useCallback(
    (resync = false) =>
      client.getArchiveInfo().then(
        (next) => {
          setInfo(next)
          if (next?.status === 'scanning') setProgress({ ...next.progress, done: false })
          // A scan that ended while the stream was down never said so: its bar must not stay.
          else if (resync) setProgress((current) => (current ? { ...current, done: true } : null))
          setLoaded(true)
        },
        (error: unknown) => {
          log.warn('getArchiveInfo failed', error)
          setLoaded(true)
        },
      ),
    [client],
  )

  useEffect(() => {
    void reload()
    const off = client.onEvent((event) => {
      switch (event.type) {
        case 'index-progress':
          setProgress(event)
          bump()
          if (event.done) void reload()
          break
        case 'articles-changed':
          bump()
          break
        case 'archive-status':
          void reload()
          bump()
          break
        case 'connection':
          // Back after a drop: the events meanwhile are lost, so anything may have changed.
          if (event.state === 'restored') {
            void reload(true)
            bump()
          }
          break
        default:
          break
      }
    })
    return () => {
      off()
      if (timer.current) clearTimeout(timer.current)
      timer.current = null
    }
  }, [client, reload, bump])

  const open = useCallback(
    async (path: string) => {
      setOpening(true)
      setOpenError(null)
      try {
        const next = await client.openArchive({ path })
        setInfo(next)
        setProgress(next.status === 'scanning' ? { ...next.progress, done: false } : null)
        setVersion((v) => v + 1)
      } catch (error) {
        setOpenError(error instanceof ApiError ? error : new ApiError('INTERNAL', String(error)))
      } finally {
        setOpening(false)
      }
    },
    [client],
  )

  const close = useCallback(async () => {
    try {
      await client.closeArchive()
    } finally {
      setInfo(null)
      setProgress(null)
    }
  }, [client])

  const refresh = useCallback(() => setVersion((v) => v + 1), [])

  return { info, loaded, progress, version, opening, openError, open, close, refresh }
}
