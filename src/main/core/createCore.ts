/**
 * Wires the engine's services into one object that implements the contract.
 * Every front end (Electron's core host, serve mode, CLI, tests) calls this and
 * nothing else; none of them reaches into the services directly.
 */
import path from 'node:path'
import type { ArchiveApi } from '../../shared/contract/api'
import type { Settings } from '../../shared/types/settings'
import { ApiError } from '../../shared/errors'
import type { Core, CoreOptions, ImageFile } from './coreTypes'
import { EventHub } from './eventHub'
import { ExportService } from './export/exportService'
import { createPlaywrightPrinter } from './export/playwrightPrinter'
import { LibraryService } from './library/libraryService'
import { createCoreImages, type CoreImages } from './images/coreImages'
import { openStateStore } from './state/stateStore'
import { prepareDataDir } from './state/dataDir'
import { createLogger } from './log'
import {
  createSearchService,
  type SearchPort,
  type SearchServiceOptions,
} from './search/searchService'
import { foreground, quietMoment } from './foreground'

const log = createLogger('core')

/**
 * With `watchStart: 'pause'`, the watcher of an opened archive starts at the user's first pause
 * after the first load (for a costly initial walk; see CoreOptions.watchStart).
 */
const WATCH_START = { quietMs: 1_000, maxWaitMs: 30_000 }

export interface CreateCoreDeps {
  /** The search engine following the catalog (tests may substitute one). */
  createSearch(options: SearchServiceOptions): SearchPort
  /** Articles per PDF print job (tests make it small to exercise merging). */
  exportArticlesPerChunk?: number
}

const DEFAULT_DEPS: CreateCoreDeps = { createSearch: createSearchService }

export async function createCore(
  options: CoreOptions,
  deps: CreateCoreDeps = DEFAULT_DEPS,
): Promise<Core> {
  // A data folder that cannot be used is one clear error here, not a raw mkdir error later.
  await prepareDataDir(options.dataDir)
  const hub = new EventHub()
  const state = await openStateStore(options.dataDir)
  // The index reports progress to the library, which is created after it: bound late.
  let library: LibraryService | null = null
  let images: CoreImages | null = null
  const search = deps.createSearch({
    dataDir: options.dataDir,
    textCopy: options.searchTextCopy ?? process.env.ARCHIVE_BROWSER_SEARCH_TEXT_COPY === '1',
    onIndexed: (indexed, done) => {
      library?.reportIndexed(indexed, done)
      images?.indexed(done) // discovery and the background image run start once indexed
    },
  })
  library = new LibraryService(
    hub,
    search,
    (root, marks) => state.marks(root, marks),
    options.dataDir,
  )
  // The image cache reads the settings for every job it queues (a background run queues every
  // missing image: ~470k at 100k articles) and getSettings returns a fresh clone: measured, two
  // seconds of this thread. It reads this copy instead, replaced when the settings change.
  let imageSettings: Settings | null = null
  images = await createCoreImages({
    dataDir: options.dataDir,
    settings: () => (imageSettings ??= state.getSettings()),
    hub,
    library,
    ...(options.images ? { options: options.images } : {}),
  })
  const imageCache = images
  const exports = new ExportService({
    printer: options.pdfPrinter ?? createPlaywrightPrinter(),
    ...(options.exportPlaces ? { places: options.exportPlaces } : {}),
    emit: (event) => hub.emit(event),
    ...(deps.exportArticlesPerChunk ? { articlesPerChunk: deps.exportArticlesPerChunk } : {}),
    source: () => {
      const session = library.opened?.session
      if (!session)
        throw new ApiError('NO_ARCHIVE_OPEN', 'export: no archive is open. Open a folder first.')
      return {
        archiveName: () => path.basename(session.root),
        archiveRoot: () => session.root,
        timeZone: () => session.timeZone,
        summary: (id) => session.get(id),
        has: (id) => session.get(id) !== undefined,
        article: (id) => library.article(id),
        imageFile: (key) => core.imageFile(key),
        async searchIds(query) {
          const ids: string[] = []
          for (;;) {
            const page = await search.search({ query, offset: ids.length, limit: 500 }, library)
            ids.push(...page.hits.map((hit) => hit.id))
            if (page.hits.length === 0 || ids.length >= page.total) return ids
          }
        },
      }
    },
  })

  const api: ArchiveApi = {
    async getAppInfo() {
      return { version: options.version ?? 'dev', demoArchivePath: options.demoArchivePath ?? null }
    },
    async openArchive({ path }) {
      const settings = state.getSettings()
      imageCache.archiveClosing()
      const { info } = await library.open(path, {
        watch: options.watch !== false,
        ...(options.watchStart === 'pause'
          ? { watchWhen: () => quietMoment(foreground, WATCH_START) }
          : {}),
        read: settings.timeZone ? { timeZone: settings.timeZone } : {},
      })
      imageCache.archiveOpened()
      state.addRecentArchive(info.path)
      return info
    },
    async closeArchive() {
      imageCache.archiveClosing()
      await library.close()
    },
    async getArchiveInfo() {
      return library.info()
    },
    // The requests a user waits on hold background work back while they run (foreground.ts).
    listArticles: (request) => foreground.run(async () => library.list(request)),
    getFacets: (request) => foreground.run(async () => library.facets(request)),
    getArticle: ({ id, reread }) =>
      foreground.run(async () => {
        const view = imageCache.article(await library.article(id))
        if (!reread && state.getSettings().markReadOnOpen && !view.mark.read)
          view.mark = library.setMark({ id, read: true })
        return view
      }),
    async getHealth() {
      return library.health(imageCache.status())
    },
    search: (request) =>
      foreground.run(async () => {
        if (!library.opened)
          throw new ApiError('NO_ARCHIVE_OPEN', 'search: no archive is open. Open a folder first.')
        return search.search(request, library)
      }),
    async setMark(request) {
      const mark = library.setMark(request)
      if (request.favourite === true) imageCache.favourited(request.id)
      return mark
    },
    async getSettings() {
      return state.getSettings()
    },
    async updateSettings(patch) {
      const settings = state.updateSettings(patch)
      imageSettings = null
      return settings
    },
    async getRecentArchives() {
      return state.recentArchives()
    },
    ...imageCache.methods,
    exportPdf: (request) => exports.exportPdf(request),
    cancelExport: (request) => exports.cancelExport(request),
  }

  const core: Core = {
    ...api,
    subscribe: hub.subscribe,
    async imageFile(key: string): Promise<ImageFile | null> {
      // Downloaded images first, then images stored inside the archive folder.
      return (await imageCache.file(key)) ?? library.localImages.file(key)
    },
    async dispose() {
      await exports.dispose()
      await library
        .close()
        .catch((error: unknown) => log.error('closing the archive failed', error))
      await imageCache
        .close()
        .catch((error: unknown) => log.error('closing the image cache failed', error))
      await search.dispose()
      await state.close()
    },
  }
  return core
}
