/** Shared set-up of the image cache tests: a cache over a temp data folder, settings in a variable. */
import type { ArchiveEvent } from '../../src/shared/contract/events'
import type { ImageState } from '../../src/shared/contract/api'
import type { Article } from '../../src/shared/types/article'
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/types/settings'
import type { ArchiveImageSource } from '../../src/main/core/images/archiveImages'
import {
  ImageCacheService,
  type ImageCacheOptions,
} from '../../src/main/core/images/imageCacheService'
import { makeTempDir, removeDir } from '../support/tempDir'

export interface TestCache {
  service: ImageCacheService
  dataDir: string
  events: ArchiveEvent[]
  settings: Settings
  retries: { key: string; delayMs: number; status: string }[]
  reopen(): Promise<ImageCacheService>
  cleanup(): Promise<void>
}

export async function openTestCache(
  patch: Partial<Settings> = {},
  options: ImageCacheOptions = {},
  dataDir?: string,
): Promise<TestCache> {
  const dir = dataDir ?? (await makeTempDir('archive-browser-images-'))
  const retries: TestCache['retries'] = []
  const events: ArchiveEvent[] = []
  const cache: TestCache = {
    dataDir: dir,
    events,
    retries,
    settings: { ...structuredClone(DEFAULT_SETTINGS), ...patch },
    service: null as unknown as ImageCacheService,
    async reopen() {
      await cache.service.close()
      cache.service = await open()
      return cache.service
    },
    async cleanup() {
      await cache.service.close()
      await removeDir(dir)
    },
  }
  const open = () =>
    ImageCacheService.open(
      dir,
      () => cache.settings,
      (event) => events.push(event),
      {
        retryBaseMs: 5,
        eventIntervalMs: 10,
        onRetry: (key, delayMs, status) => retries.push({ key, delayMs, status }),
        ...options,
      },
    )
  cache.service = await open()
  return cache
}

/** An archive of articles whose only content is their image URLs. */
export function fakeSource(
  root: string,
  articles: Record<string, string[]>,
  favourites: string[] = [],
): ArchiveImageSource {
  return {
    root,
    settled: async () => undefined,
    articlesWithImages: () =>
      Object.entries(articles).map(([id, urls]) => ({
        id,
        hash: `h-${id}`,
        imageCount: urls.length,
      })),
    read: async (id) =>
      ({
        id,
        images: (articles[id] ?? []).map((url) => ({ url, source: 'img' })),
      }) as unknown as Article,
    isFavourite: (id) => favourites.includes(id),
  }
}

export function expectState(state: ImageState): { status: string; reason: string | undefined } {
  return { status: state.status, reason: state.reason }
}
