/**
 * A list row's thumbnail, by the image key the engine gave the row (ArticleListItem.thumbnailKey:
 * a cached download, or an image stored inside the archive). The engine is asked first whether it
 * has the image (thumbnailStates.ts), so an image it does not have is never requested (a 404,
 * logged as a console error): it shows a neutral box, as does one not known yet (the row does not
 * jump when the answer comes). A row without a thumbnail shows nothing.
 */
import { useState } from 'react'
import { useApi } from '../../api/ApiContext'
import { useThumbnailStatus } from './thumbnailStates'

export function Thumbnail({ imageKey }: { imageKey: string | null }) {
  const { imageSrc } = useApi()
  // Keyed by the image it belongs to: a recycled row never inherits the previous row's failure.
  const [failedKey, setFailedKey] = useState<string | null>(null)
  const status = useThumbnailStatus(imageKey)
  if (!imageKey || failedKey === imageKey) return null
  if (status !== 'cached') return <span className="thumb thumb-empty" aria-hidden="true" />
  return (
    <img
      className="thumb"
      src={imageSrc(imageKey)}
      alt=""
      loading="lazy"
      // Evicted (or removed from the archive) since the engine said it had it: no box at all.
      onError={() => setFailedKey(imageKey)}
    />
  )
}
