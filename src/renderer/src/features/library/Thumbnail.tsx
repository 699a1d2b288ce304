/**
 * A list row's thumbnail, from the image cache only. The cache is asked first whether it has the
 * image (thumbnailStates.ts), so an image it does not have is never requested (a 404, logged as a
 * console error): it shows a neutral box, as does one not known yet (the row does not jump when
 * the answer comes). A row without a thumbnail shows nothing.
 */
import { useEffect, useState } from 'react'
import { useApi } from '../../api/ApiContext'
import { imageKeyOf } from '../../components/imageKey'
import { articleDir, resolveImageUrl } from '../reader/imageUrl'
import { useThumbnailStatus } from './thumbnailStates'

export function Thumbnail({ url, articleId }: { url: string | null; articleId: string }) {
  const { imageSrc } = useApi()
  const resolved = url ? resolveImageUrl(url, articleDir(articleId)) : null
  // Keyed by the URL they belong to: a recycled row never shows the previous row's image.
  const [keyed, setKeyed] = useState<{ url: string; key: string } | null>(null)
  const [failedUrl, setFailedUrl] = useState<string | null>(null)

  useEffect(() => {
    if (!resolved) return
    let live = true
    void imageKeyOf(resolved).then((key) => {
      if (live && key) setKeyed({ url: resolved, key })
    })
    return () => {
      live = false
    }
  }, [resolved])

  const key = keyed && keyed.url === resolved ? keyed.key : null
  const status = useThumbnailStatus(key)
  const failed = failedUrl !== null && failedUrl === resolved
  if (!resolved || failed) return null
  if (!key || status !== 'cached') return <span className="thumb thumb-empty" aria-hidden="true" />
  return (
    <img
      className="thumb"
      src={imageSrc(key)}
      alt=""
      loading="lazy"
      // Evicted since the cache said it had it: no box at all.
      onError={() => setFailedUrl(resolved)}
    />
  )
}
