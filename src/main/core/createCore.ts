/**
 * Wires the engine's services into one object that implements the contract.
 * Every front end (Electron's core host, serve mode, CLI, tests) calls this and
 * nothing else; none of them reaches into the services directly.
 */
import type { ArchiveApi, ImageCacheStatus } from '../../shared/contract/api'
import { ApiError } from '../../shared/errors'
import type { Core, CoreOptions, ImageFile } from './coreTypes'
import { EventHub } from './eventHub'
import { LibraryService } from './library/libraryService'
import { openStateStore } from './state/stateStore'
import { createLogger } from './log'
import {
  createSearchService,
  type SearchPort,
  type SearchServiceOptions,
} from './search/searchService'

const log = createLogger('core')

export interface CreateCoreDeps {
  /** The search engine following the catalog (tests may substitute one). */
  createSearch(options: SearchServiceOptions): SearchPort
}

const DEFAULT_DEPS: CreateCoreDeps = { createSearch: createSearchService }

export async function createCore(
  options: CoreOptions,
  deps: CreateCoreDeps = DEFAULT_DEPS,
): Promise<Core> {
  const hub = new EventHub()
  const state = await openStateStore(options.dataDir)
  // The index reports progress to the library, which is created after it: bound late.
  let library: LibraryService | null = null
  const search = deps.createSearch({
    dataDir: options.dataDir,
    onIndexed: (indexed, done) => library?.reportIndexed(indexed, done),
  })
  library = new LibraryService(hub, search, (root) => state.marks(root))

  const imageStatus = (): ImageCacheStatus => {
    let total = 0
    for (const summary of library.opened?.session.summaries() ?? []) total += summary.imageCount
    return { total, cached: 0, pending: 0, failed: 0, blocked: 0, bytes: 0, running: false }
  }
  const notYet = (what: string): never => {
    throw new ApiError('NOT_AVAILABLE', `${what} is not available in this version yet.`)
  }

  const api: ArchiveApi = {
    async getAppInfo() {
      return { version: options.version ?? 'dev', demoArchivePath: options.demoArchivePath ?? null }
    },
    async openArchive({ path }) {
      const settings = state.getSettings()
      const { info } = await library.open(path, {
        watch: options.watch !== false,
        read: settings.timeZone ? { timeZone: settings.timeZone } : {},
      })
      state.addRecentArchive(info.path)
      return info
    },
    async closeArchive() {
      await library.close()
    },
    async getArchiveInfo() {
      return library.info()
    },
    async listArticles(request) {
      return library.list(request)
    },
    async getFacets(request) {
      return library.facets(request)
    },
    async getArticle({ id }) {
      const view = await library.article(id)
      if (state.getSettings().markReadOnOpen && !view.mark.read)
        view.mark = library.setMark({ id, read: true })
      return view
    },
    async getHealth() {
      return library.health(imageStatus())
    },
    async search(request) {
      if (!library.opened)
        throw new ApiError('NO_ARCHIVE_OPEN', 'search: no archive is open. Open a folder first.')
      return search.search(request, library)
    },
    async setMark(request) {
      return library.setMark(request)
    },
    async getSettings() {
      return state.getSettings()
    },
    async updateSettings(patch) {
      return state.updateSettings(patch)
    },
    async getRecentArchives() {
      return state.recentArchives()
    },
    async getImageCacheStatus() {
      return imageStatus()
    },
    cacheAllImages: async () => notYet('Image caching'),
    cancelImageCaching: async () => notYet('Image caching'),
    retryFailedImages: async () => notYet('Image caching'),
    exportPdf: async () => notYet('PDF export'),
    cancelExport: async () => notYet('PDF export'),
  }

  return {
    ...api,
    subscribe: hub.subscribe,
    async imageFile(key: string): Promise<ImageFile | null> {
      // Images inside the archive are served from it; the download cache comes with its own issue.
      return library.localImages.file(key)
    },
    async dispose() {
      await library
        .close()
        .catch((error: unknown) => log.error('closing the archive failed', error))
      await search.dispose()
      await state.close()
    },
  }
}
