/**
 * Discovery: every remote image the parser finds in an archive (img src, srcset candidates, lazy
 * data-* attributes, headimg, thumbnail), deduplicated by normalized URL (= by key). Only articles
 * whose summary counts images are read, a few at a time, and the work yields between reads so
 * the thread that answers requests stays responsive; the URLs found are remembered per article
 * and content hash, so the next discovery reads only what changed. Images of favourite articles
 * are collected on the way: they are pinned (never evicted).
 */
import type { Article } from '../../../shared/types/article'
import { readDiscoveryCache, writeDiscoveryCache, type CachedArticle } from './discoveryCache'
import { hostOf } from './hostRules'
import { imageKey } from './imageKey'
import { foreground } from '../foreground'

/** What the cache needs of an open archive (built by createCore from the library's session). */
export interface ArchiveImageSource {
  /** The archive's real path. */
  root: string
  /** Resolves once the first scan has finished (the catalog is complete). */
  settled(): Promise<void>
  /** Articles that have at least one image reference. */
  articlesWithImages(): { id: string; hash: string; imageCount: number }[]
  read(id: string): Promise<Article>
  isFavourite(id: string, hash: string): boolean
  /** False when another process owns the archive's data folder: the cache is read, not written. */
  writesCache?: boolean
}

export interface RemoteImage {
  url: string
  host: string
}

export interface Discovery {
  /** key → URL and host, every remote image of the archive. */
  images: Map<string, RemoteImage>
  /** Keys of the images of favourite articles. */
  pinned: Set<string>
}

const READS_IN_FLIGHT = 4
/** Cached articles handled between yields to the event loop: small slices (~2 ms), so a request
 * that arrives meanwhile waits for one slice at most. */
const CACHED_BETWEEN_YIELDS = 100

/** The remote images of one article, by key (local images are served from the archive). */
export function remoteImagesOf(article: Pick<Article, 'images'>): Map<string, RemoteImage> {
  const found = new Map<string, RemoteImage>()
  for (const image of article.images) {
    if (image.local) continue
    const host = hostOf(image.url)
    if (!host) continue
    const key = imageKey(image.url)
    if (!found.has(key)) found.set(key, { url: image.url, host })
  }
  return found
}

export async function discoverImages(
  source: ArchiveImageSource,
  signal: AbortSignal,
  cacheFile?: string,
): Promise<Discovery> {
  await source.settled()
  const articles = source.articlesWithImages()
  const cache = cacheFile
    ? await readDiscoveryCache(cacheFile)
    : { articles: new Map<string, CachedArticle>(), current: true }
  const known = cache.articles
  const fresh = new Map<string, CachedArticle>()
  const images = new Map<string, RemoteImage>()
  const pinned = new Set<string>()
  const hosts = new Map<string, string>() // one string per host, shared by its images
  let reads = 0
  const add = (id: string, hash: string, urls: readonly string[]) => {
    fresh.set(id, { h: hash, u: urls })
    const favourite = source.isFavourite(id, hash)
    for (const url of urls) {
      const key = imageKey(url)
      if (!images.has(key)) {
        const host = hostOf(url)
        if (!host) continue
        if (!hosts.has(host)) hosts.set(host, host)
        images.set(key, { url, host: hosts.get(host) as string })
      }
      if (favourite) pinned.add(key)
    }
  }
  let next = 0
  let sinceYield = 0
  const worker = async () => {
    while (next < articles.length && !signal.aborted) {
      const { id, hash } = articles[next++] as { id: string; hash: string }
      const cached = known.get(id)
      if (cached?.h === hash) {
        add(id, hash, cached.u)
        // Cached articles cost no read but a key (a hash) per URL: at 100k articles (~470k
        // URLs) going through them without a pause held this thread ~1.7 s (measured).
        if (++sinceYield >= CACHED_BETWEEN_YIELDS) {
          sinceYield = 0
          await foreground.backgroundTurn()
        }
        continue
      }
      let article: Article
      try {
        article = await source.read(id)
      } catch {
        continue // gone since the scan: the watcher will report it
      }
      reads++
      add(
        id,
        hash,
        [...remoteImagesOf(article).values()].map((image) => image.url),
      )
      // Parsing is synchronous: let requests in between articles.
      await foreground.backgroundTurn()
    }
  }
  await Promise.all(Array.from({ length: READS_IN_FLIGHT }, worker))
  if (
    cacheFile &&
    source.writesCache !== false &&
    !signal.aborted &&
    (reads > 0 || fresh.size !== known.size || !cache.current)
  )
    await writeDiscoveryCache(cacheFile, fresh)
  return { images, pinned }
}
