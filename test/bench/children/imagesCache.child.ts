/** The image bench's measured side: the app's image cache caching every image of a fake archive. */
import type { Article } from '../../../src/shared/types/article'
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/types/settings'
import { ImageCacheService } from '../../../src/main/core/images/imageCacheService'
import { exitOnError, runBenchChild } from '../lib/child'
import { imageUrls, type DownloadArgs, type DownloadResult } from '../imagesShared'

runBenchChild<DownloadArgs, DownloadResult>(async (args) => {
  const settings: Settings = {
    ...structuredClone(DEFAULT_SETTINGS),
    imageConcurrency: args.concurrency,
    imagePerHostLimit: args.perHost,
  }
  const urls = imageUrls(args.ports, args.count)
  // Ten images per article, as a real archive would hold them.
  const articles = new Map<string, string[]>()
  urls.forEach((url, i) => {
    const id = `posts/${Math.floor(i / 10)}.md`
    articles.set(id, [...(articles.get(id) ?? []), url])
  })
  const service = await ImageCacheService.open(
    args.dataDir,
    () => settings,
    () => undefined,
    {
      background: false,
    },
  )
  service.setArchive({
    root: '/bench-archive',
    settled: async () => undefined,
    articlesWithImages: () =>
      [...articles].map(([id, list]) => ({ id, hash: id, imageCount: list.length })),
    read: async (id) =>
      ({
        images: (articles.get(id) ?? []).map((url) => ({ url, source: 'img' })),
      }) as unknown as Article,
    isFavourite: () => false,
  })
  service.cacheAll()
  const summary = await service.runDone()
  await service.close()
  return { ok: summary?.ok ?? 0, failed: summary?.failed ?? 0, bytes: summary?.bytes ?? 0 }
}).catch(exitOnError)
