/** A list row's thumbnail, from the image cache only; nothing at all when it is not cached. */
import { useEffect, useState } from 'react'
import { useApi } from '../../api/ApiContext'
import { imageKeyOf } from '../../components/imageKey'
import { articleDir, resolveImageUrl } from '../reader/imageUrl'

export function Thumbnail({ url, articleId }: { url: string | null; articleId: string }) {
  const { imageSrc } = useApi()
  const resolved = url ? resolveImageUrl(url, articleDir(articleId)) : null
  // Keyed by the URL they belong to: a recycled row never shows the previous row's image.
  const [loaded, setLoaded] = useState<{ url: string; src: string } | null>(null)
  const [failedUrl, setFailedUrl] = useState<string | null>(null)

  useEffect(() => {
    if (!resolved) return
    let live = true
    void imageKeyOf(resolved).then((key) => {
      if (live && key) setLoaded({ url: resolved, src: imageSrc(key) })
    })
    return () => {
      live = false
    }
  }, [resolved, imageSrc])

  const src = loaded && loaded.url === resolved ? loaded.src : null
  const failed = failedUrl !== null && failedUrl === resolved
  // No thumbnail at all: no empty box either. Still loading: keep the box so the row does not jump.
  if (!resolved || failed) return null
  if (!src) return <span className="thumb thumb-empty" aria-hidden="true" />
  return (
    <img className="thumb" src={src} alt="" loading="lazy" onError={() => setFailedUrl(resolved)} />
  )
}
