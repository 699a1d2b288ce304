/**
 * The article's image list: front-matter headimg and thumbnail first (the
 * header image), then every image of the body in document order, normalised
 * and deduplicated by URL (the first occurrence keeps its source).
 */
import type { ImageRef, ImageRefSource } from '../../../../shared/types/article'
import type { RawImage } from './htmlScan'
import { normalizeImageUrl, type NormalizedImage } from './imageUrl'

export function frontMatterImage(value: unknown, articleDir: string): NormalizedImage | null {
  return typeof value === 'string' ? normalizeImageUrl(value, articleDir) : null
}

export function collectImages(
  header: { image: NormalizedImage | null; source: ImageRefSource }[],
  body: RawImage[],
  articleDir: string,
): ImageRef[] {
  const seen = new Set<string>()
  const images: ImageRef[] = []
  const add = (image: NormalizedImage | null, source: ImageRefSource): void => {
    if (!image || seen.has(image.url)) return
    seen.add(image.url)
    images.push(image.local ? { url: image.url, source, local: true } : { url: image.url, source })
  }
  for (const { image, source } of header) add(image, source)
  for (const raw of body) add(normalizeImageUrl(raw.url, articleDir), raw.source)
  return images
}
