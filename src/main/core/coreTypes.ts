/**
 * What every front end gets from the engine: the contract (ArchiveApi) plus the
 * few things only an adapter needs (the event stream to forward, image files to
 * serve, shutdown). Built by createCore() in ./createCore.ts.
 */
import type { ArchiveApi } from '../../shared/contract/api'
import type { SubscribeFn } from '../../shared/contract/events'
import type { CoreImageOptions } from './images/coreImages'
import type { ExportPlaces } from './export/exportDestination'
import type { PdfPrinter } from './export/printer'

export interface CoreOptions {
  /** The app's data directory (Electron: app.getPath('userData')); never inside an archive. */
  dataDir: string
  /** Watch the open archive for changes (default true; the CLI turns it off). */
  watch?: boolean
  /**
   * Keep a copy of the article texts in the search index folder (text.bin) instead of reading
   * them again from the archive's files for snippets: for an archive on a slow disk or a
   * network share, where a page of results would wait for 20 file reads. The index is then
   * about 1.7× the archive's size instead of under it. Default: the environment variable
   * ARCHIVE_BROWSER_SEARCH_TEXT_COPY=1, else false.
   */
  searchTextCopy?: boolean
  /**
   * When the watcher of an opened archive starts: 'load' (default) as soon as the first load
   * is done; 'pause' once the user's requests then pause for a second (30 s at most), for a
   * watcher whose initial walk is costly (polling a network drive). Changes made before it
   * starts are found when it is ready either way. With the native watcher's cheap walk the
   * pause was not worth its cost (live updates late for a user who keeps searching): typing
   * at 100k right after an open measured the same either way (docs/design.md).
   */
  watchStart?: 'pause' | 'load'
  /** The demo archive shipped with the app (the host knows where its resources are). */
  demoArchivePath?: string | null
  /** The app's version, for the About box and logs. */
  version?: string
  /** Image cache overrides for this process (CLI flags: concurrency, offline; tests: retry delays). */
  images?: CoreImageOptions
  /**
   * How PDFs are printed (Electron: printToPDF in main). Default: Playwright with a system
   * Chromium. Built inside the process that runs the engine, never sent across one.
   */
  pdfPrinter?: PdfPrinter
  /**
   * Which folders exportPdf may write to. Default 'anywhere' (the desktop app, the CLI): the
   * user picks a path on their own machine. Serve mode bound beyond loopback narrows it
   * (serve/exportPlaces.ts). Never inside the open archive, whatever this says.
   */
  exportPlaces?: ExportPlaces
}

export interface ImageFile {
  /** Absolute path of the cached file, inside the image cache folder. */
  path: string
  contentType: string
}

export interface Core extends ArchiveApi {
  subscribe: SubscribeFn
  /** The cached file for an image key (64 hex chars), or null: adapters serve only these. */
  imageFile(key: string): Promise<ImageFile | null>
  /** Flushes state and closes the archive, watchers and workers. */
  dispose(): Promise<void>
}
