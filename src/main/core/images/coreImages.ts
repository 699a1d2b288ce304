/**
 * The image cache wired into the engine: createCore hands it the library and the settings, and
 * gets back the contract's image methods plus the few hooks it calls (archive opened, indexed,
 * article read, favourite set, image file asked for). Keeps createCore to a few lines.
 */
import type {
  ArchiveApi,
  ArticleView,
  ImageCacheStatus,
  ImageState,
} from '../../../shared/contract/api'
import { ApiError } from '../../../shared/errors'
import type { Settings } from '../../../shared/types/settings'
import type { ImageFile } from '../coreTypes'
import type { EventHub } from '../eventHub'
import { foreground, quietMoment, type QuietOptions } from '../foreground'
import type { LibraryService } from '../library/libraryService'
import { createLogger } from '../log'
import { remoteImagesOf, type ArchiveImageSource } from './archiveImages'
import { ImageCacheService, type ImageCacheOptions } from './imageCacheService'

const log = createLogger('images')

/** Background image work waits for a 1 s pause in the user's requests, 15 s at most. */
const BACKGROUND_START: QuietOptions = { quietMs: 1000, maxWaitMs: 15_000 }

/** The image cache's options, and when its background work starts (tests shorten the wait). */
export interface CoreImageOptions extends ImageCacheOptions {
  /** When the background discovery and run start after indexing (default BACKGROUND_START). */
  startQuiet?: QuietOptions
}

export type ImageMethods = Pick<
  ArchiveApi,
  | 'getImageCacheStatus'
  | 'cacheAllImages'
  | 'cancelImageCaching'
  | 'retryFailedImages'
  | 'getImageCacheReport'
  | 'getImageStates'
  | 'retryImage'
>

export interface CoreImages {
  methods: ImageMethods
  status(): ImageCacheStatus
  /** After library.open: the cache follows the new archive. */
  archiveOpened(): void
  /** Before library.close. */
  archiveClosing(): void
  /** The search index reported progress; `done` starts discovery and the background run once. */
  indexed(done: boolean): void
  /** States of the article's images, and its missing images queued first. */
  article(view: ArticleView): ArticleView
  /** The article became a favourite: its images are never evicted. */
  favourited(id: string): void
  /** A cached download, or null. */
  file(key: string): Promise<ImageFile | null>
  /** The service itself (the CLI waits on its runs). */
  service: ImageCacheService
  close(): Promise<void>
}

export async function createCoreImages(deps: {
  dataDir: string
  settings: () => Settings
  hub: EventHub
  library: LibraryService
  options?: CoreImageOptions
}): Promise<CoreImages> {
  const { library, hub } = deps
  const service = await ImageCacheService.open(
    deps.dataDir,
    deps.settings,
    (event) => hub.emit(event),
    deps.options,
  )
  // The index of a small archive may be done before library.open returns: remember it.
  let indexDone = false
  let started = false
  const startOnce = (): void => {
    const opened = library.opened
    if (started || !indexDone || !opened) return
    started = true
    // Background work: it starts at the first pause in the user's requests, not beside the
    // first searches after an open (at 100k articles discovery is ~1.5 s of this thread's
    // time). Anything that needs the images now (Cache all, a report) discovers at once.
    void quietMoment(foreground, deps.options?.startQuiet ?? BACKGROUND_START).then(() => {
      if (started && library.opened === opened) service.archiveIndexed() // not another archive
    })
  }
  const requireArchive = (): void => {
    if (!library.opened)
      throw new ApiError('NO_ARCHIVE_OPEN', 'images: no archive is open. Open a folder first.')
  }
  const unsubscribe = hub.subscribe((event) => {
    if (event.type === 'articles-changed' && event.upserted.length > 0)
      service.articlesChanged(event.upserted)
  })

  const source = (): ArchiveImageSource | null => {
    const opened = library.opened
    if (!opened) return null
    const { session, marks } = opened
    return {
      root: session.root,
      settled: () => session.settled(),
      articlesWithImages: () => {
        const found: { id: string; hash: string; imageCount: number }[] = []
        for (const s of session.summaries())
          if (s.imageCount > 0) found.push({ id: s.id, hash: s.hash, imageCount: s.imageCount })
        return found
      },
      read: (id) => session.readFull(id),
      isFavourite: (id, hash) => marks.get(id, hash).favourite,
      writesCache: opened.lease?.owner !== false,
    }
  }

  return {
    service,
    methods: {
      getImageCacheStatus: async () => service.status(),
      cacheAllImages: async () => {
        requireArchive()
        return service.cacheAll()
      },
      cancelImageCaching: async () => service.cancel(),
      retryFailedImages: async () => {
        requireArchive()
        return service.retryFailed()
      },
      getImageCacheReport: async (request) => service.report(request),
      getImageStates: async ({ keys }) => {
        // Images inside the archive (list thumbnails) are there or not; the rest is the cache's.
        const local = library.localImages
        const states = service.states(keys)
        const localAt = keys.flatMap((key, i) => (local.has(key) ? [i] : []))
        if (localAt.length === 0) return states
        const found = await local.states(localAt.map((i) => keys[i] as string))
        localAt.forEach((at, i) => (states[at] = found[i] as ImageState))
        return states
      },
      retryImage: async ({ key }) => service.retry(key),
    },
    status: () => service.status(),
    archiveOpened() {
      started = false
      service.setArchive(source())
      startOnce()
    },
    archiveClosing() {
      indexDone = false
      started = false
      service.setArchive(null)
    },
    indexed(done) {
      if (!done) return
      indexDone = true
      startOnce()
    },
    article(view) {
      const images = service.describe(view.images, true)
      if (view.mark.favourite) service.pin(images.filter((i) => !i.local).map((i) => i.key))
      return { ...view, images }
    },
    favourited(id) {
      const session = library.opened?.session
      if (!session) return
      session.readFull(id).then(
        (article) => service.pin([...remoteImagesOf(article).keys()]),
        (error: unknown) => log.warn(`cannot read ${id} to pin its images`, error),
      )
    },
    file: (key) => service.file(key),
    async close() {
      unsubscribe()
      await service.close()
    },
  }
}
