/**
 * The offline image cache as the contract sees it: which images an archive has (discovery),
 * what state each is in, runs that download them (background after indexing, "Cache all images",
 * "Retry failed"), the article being read first, the health report, and events.
 *
 * Priorities: the article being read (HIGH) before an asked-for run (NORMAL) before the
 * background run (LOW). Nothing is ever downloaded while offline. A run skips every image the
 * manifest already has a record for, so a second run downloads nothing new; failures are tried
 * again by "Retry failed" (or one by one from the reader).
 */
import type {
  ArticleImage,
  ImageCacheReport,
  ImageCacheStatus,
  ImageReportRequest,
  ImageState,
  ImageStatus,
} from '../../../shared/contract/api'
import type { ArchiveEvent } from '../../../shared/contract/events'
import type { Settings } from '../../../shared/types/settings'
import type { ImageFile } from '../coreTypes'
import { createLogger } from '../log'
import path from 'node:path'
import { archiveDataDir, archiveKey } from '../state/paths'
import {
  discoverImages,
  remoteImagesOf,
  type ArchiveImageSource,
  type RemoteImage,
} from './archiveImages'
import { HIGH, LOW, NORMAL } from './downloadQueue'
import { hostOf, hostPolicy } from './hostRules'
import { ImageDownloader, type DownloaderOptions } from './imageDownloader'
import { DISCOVERY_CACHE_NAME } from './discoveryCache'
import { ImageEvents } from './imageEvents'
import { imageKey } from './imageKey'
import { buildReport } from './imageReport'
import { ImageRuns, type RunSummary, type RunWindow } from './imageRuns'
import { countStates, slicedStatus, type StateCounts, type StatusOfImage } from './imageStatus'

const log = createLogger('images')

export interface ImageCacheOptions extends DownloaderOptions {
  /** Start a background run after an archive is indexed (default true; still needs imageAutoDownload). */
  background?: boolean
  /** Event coalescing interval (tests shorten it). */
  eventIntervalMs?: number
  /** A run's images in the download queue at once (tests shrink it; see imageRuns.ts). */
  runWindow?: RunWindow
}

/** Failures worth trying again, unasked, when the article is read again (after RETRY_ON_READ_MS). */
const TRANSIENT = new Set(['timeout', 'truncated', 'network', 'dns', 'http-429', 'http-408'])
const RETRY_ON_READ_MS = 5 * 60_000

export class ImageCacheService {
  private source: ArchiveImageSource | null = null
  private discovery: Promise<Map<string, RemoteImage>> | null = null
  private discovered: Map<string, RemoteImage> | null = null
  private discoveryAbort = new AbortController()
  /** Keys seen in articles read, for retryImage and states before discovery ends. */
  private readonly seen = new Map<string, RemoteImage>()
  private readonly runs: ImageRuns
  private lastRun: RunSummary | null = null
  /** Bumped by setArchive: a status pass over the previous archive's images is dropped. */
  private archiveGeneration = 0
  private readonly events: ImageEvents

  private constructor(
    private readonly downloader: ImageDownloader,
    private readonly settings: () => Settings,
    private readonly options: ImageCacheOptions,
    emit: (event: ArchiveEvent) => void,
    hub: { events: ImageEvents | null },
  ) {
    const progressStatus = slicedStatus({
      // The discovered images, or before discovery ends the ones seen in articles read.
      images: () => this.discovered ?? this.seen,
      statusOf: () => this.statusReader(),
      finish: (counts) => this.withTotals(counts),
      archive: () => this.archiveGeneration,
    })
    this.events = new ImageEvents(emit, progressStatus, options.eventIntervalMs)
    hub.events = this.events
    this.runs = new ImageRuns({
      downloader,
      discover: () => this.discover(),
      rules: () => this.settings().imageHostRules,
      window: options.runWindow,
      changed: (ended) => {
        if (ended) this.lastRun = ended
        this.events.progress()
        if (ended) this.events.flush()
      },
    })
  }

  static async open(
    dataDir: string,
    settings: () => Settings,
    emit: (event: ArchiveEvent) => void,
    options: ImageCacheOptions = {},
  ): Promise<ImageCacheService> {
    // The downloader reports changes before the service exists: bound late.
    const hub: { events: ImageEvents | null } = { events: null }
    const downloader = await ImageDownloader.open(dataDir, settings, options, (key) =>
      hub.events?.imageChanged(key),
    )
    return new ImageCacheService(downloader, settings, options, emit, hub)
  }

  get offline(): boolean {
    return this.downloader.offline
  }

  // ------------------------------------------------------------ archive

  /** The archive whose images count (null when none is open); its runs stop with it. */
  setArchive(source: ArchiveImageSource | null): void {
    this.runs.cancel()
    this.discoveryAbort.abort()
    this.discoveryAbort = new AbortController()
    this.source = source
    this.archiveGeneration++
    this.discovery = null
    this.discovered = null
    this.seen.clear()
    this.events.progress()
  }

  /** The first scan and index are done: find the images, then cache them in the background. */
  archiveIndexed(): void {
    if (!this.source) return
    void this.discover().catch((error: unknown) => log.warn('image discovery failed', error))
    const settings = this.settings()
    if (
      this.options.background !== false &&
      settings.imageAutoDownload &&
      !this.offline &&
      !this.runs.running
    )
      this.runs.start(LOW, 'missing')
  }

  /** Articles added or edited (watcher): their images join the archive's, queued in the background. */
  articlesChanged(ids: readonly string[]): void {
    const source = this.source
    const images = this.discovered
    if (!source || !images) return
    void (async () => {
      const background =
        this.options.background !== false && this.settings().imageAutoDownload && !this.offline
      for (const id of ids) {
        const article = await source.read(id).catch(() => null)
        if (!article || this.source !== source) continue
        for (const [key, image] of remoteImagesOf(article)) {
          if (!images.has(key)) images.set(key, image)
          if (background && !this.downloader.manifest.get(key))
            void this.downloader.download(key, image.url, image.host, LOW)
        }
      }
      this.events.progress()
    })()
  }

  /** Pins the images of an article that became a favourite (unpinned at the next discovery). */
  pin(keys: readonly string[]): void {
    if (!this.source || keys.length === 0) return
    const archive = archiveKey(this.source.root)
    const current = this.downloader.manifest.pins.get(archive)
    if (current && keys.every((key) => current.has(key))) return
    const pins = new Set(current ?? [])
    for (const key of keys) pins.add(key)
    this.downloader.manifest.setPins(archive, pins)
  }

  // ------------------------------------------------------------ reading

  /**
   * The state of every image of an article being read, and (unless `download` is false or the app
   * is offline) its missing images queued first in line.
   */
  describe(images: ArticleImage[], download: boolean): ArticleImage[] {
    return images.map((image) => {
      if (image.local) return image
      const host = hostOf(image.url)
      if (!host) return { ...image, status: 'failed', reason: 'bad-url' }
      this.seen.set(image.key, { url: image.url, host })
      this.downloader.held.hold([image.key]) // being read: not evicted by the cap for a while
      if (download && this.wantsDownloadOnRead(image.key, host))
        void this.downloader.download(image.key, image.url, host, HIGH)
      return { ...image, ...this.stateOf(image.key, host) }
    })
  }

  states(keys: readonly string[]): ImageState[] {
    return keys.map((key) => {
      const host = this.imageOf(key)?.host
      return { key, ...this.stateOf(key, host) }
    })
  }

  async file(key: string): Promise<ImageFile | null> {
    return this.downloader.file(key)
  }

  /**
   * Caches one URL (HIGH priority) unless the manifest already has a record of it, and resolves
   * with its state once done. Concurrent calls for one URL share one download.
   */
  async ensure(url: string): Promise<ImageState> {
    const host = hostOf(url)
    const key = imageKey(url)
    if (!host) return { key, status: 'failed', reason: 'bad-url' }
    this.seen.set(key, { url, host })
    if (
      !this.downloader.manifest.get(key) &&
      !hostPolicy(this.settings().imageHostRules, host).blocked
    )
      await this.downloader.download(key, url, host, HIGH)
    return { key, ...this.stateOf(key, host) }
  }

  /** Downloads one image again now, whatever happened to it before (reader's retry button). */
  async retry(key: string): Promise<ImageState> {
    const image = this.imageOf(key)
    this.downloader.held.hold([key])
    if (image && !this.offline && this.downloader.manifest.get(key)?.status !== 'ok')
      void this.downloader.download(key, image.url, image.host, HIGH)
    return { key, ...this.stateOf(key, image?.host) }
  }

  // ------------------------------------------------------------ runs

  /**
   * "Cache all images": a NORMAL run over every image not yet recorded. Returns at once. Offline,
   * the run only finds the archive's images, so the counts are complete, and downloads nothing.
   */
  cacheAll(): ImageCacheStatus {
    // A background run is superseded, not cancelled: its queued jobs move up to NORMAL.
    const current = this.runs.priority
    if (this.source && (current === null || current > NORMAL)) this.runs.start(NORMAL, 'missing')
    return this.status()
  }

  /** "Retry failed": a NORMAL run over every recorded failure. Returns at once. */
  retryFailed(): ImageCacheStatus {
    if (this.source && !this.offline) this.runs.start(NORMAL, 'failed')
    return this.status()
  }

  cancel(): ImageCacheStatus {
    this.runs.cancel()
    return this.status()
  }

  /** The running run's end (null when none): the CLI waits on it. */
  runDone(): Promise<RunSummary> | null {
    return this.runs.done()
  }

  /** Resolves when no download is queued, running or waiting to retry. */
  downloadsIdle(): Promise<void> {
    return this.downloader.queue.idle()
  }

  // ------------------------------------------------------------ health

  status(): ImageCacheStatus {
    return this.withTotals(countStates(this.discovered ?? this.seen, this.statusReader()))
  }

  /** One image's status, for a pass over many: host rules and the offline flag read once. */
  private statusReader(): StatusOfImage {
    const blockedHosts = new Map<string, boolean>()
    const offline = this.offline
    return (key, image) =>
      this.stateOf(key, image.host, this.blockedOf(blockedHosts, image.host), offline).status
  }

  private withTotals(counts: StateCounts): ImageCacheStatus {
    // Before discovery ends, the total is the parser's count (local images included).
    if (!this.discovered && this.source) {
      let estimate = 0
      for (const article of this.source.articlesWithImages()) estimate += article.imageCount
      counts.total = Math.max(counts.total, estimate)
    }
    return { ...counts, bytes: this.downloader.usedBytes, running: this.runs.running }
  }

  report(request: ImageReportRequest): ImageCacheReport {
    const archive = this.discovered
    const images = archive ?? new Map<string, RemoteImage>()
    if (!archive) {
      for (const entry of this.downloader.manifest.entries.values()) {
        const host = hostOf(entry.url)
        if (host) images.set(entry.key, { url: entry.url, host })
      }
    }
    // Settings are cloned on every read: read them once for the whole pass.
    const blocked = new Map<string, boolean>()
    const offline = this.offline
    const report = buildReport({
      scope: archive ? 'archive' : 'cache',
      images,
      status: this.status(),
      entry: (key) => this.downloader.manifest.get(key),
      state: (key, host) => this.stateOf(key, host, this.blockedOf(blocked, host), offline).status,
      cacheBytes: this.downloader.usedBytes,
      capBytes: this.settings().imageCacheCapBytes,
      offset: request.failuresOffset ?? 0,
      limit: Math.min(request.failuresLimit ?? 100, 1000),
    })
    return { ...report, lastRun: this.lastRun }
  }

  async close(): Promise<void> {
    this.discoveryAbort.abort()
    this.runs.cancel()
    this.events.close()
    await this.downloader.close()
  }

  // ------------------------------------------------------------ inside

  private imageOf(key: string): RemoteImage | undefined {
    const known = this.discovered?.get(key) ?? this.seen.get(key)
    if (known) return known
    const entry = this.downloader.manifest.get(key)
    const host = entry ? hostOf(entry.url) : null
    return entry && host ? { url: entry.url, host } : undefined
  }

  private stateOf(
    key: string,
    host: string | undefined,
    blocked?: boolean,
    offline?: boolean,
  ): { status: ImageStatus; reason?: string } {
    const entry = this.downloader.manifest.get(key)
    if (entry?.status === 'ok') return { status: 'cached' }
    const isBlocked =
      blocked ?? (host ? hostPolicy(this.settings().imageHostRules, host).blocked : false)
    if (isBlocked) return { status: 'blocked', reason: 'blocked' }
    if (this.downloader.queue.has(key)) return { status: 'pending' }
    if (entry) return { status: 'failed', reason: entry.status }
    return (offline ?? this.offline)
      ? { status: 'not-cached', reason: 'offline' }
      : { status: 'not-cached' }
  }

  /** Whether a host is blocked by a rule, asked once per host per pass over many images. */
  private blockedOf(cache: Map<string, boolean>, host: string): boolean {
    let blocked = cache.get(host)
    if (blocked === undefined) {
      blocked = hostPolicy(this.settings().imageHostRules, host).blocked
      cache.set(host, blocked)
    }
    return blocked
  }

  private wantsDownloadOnRead(key: string, host: string): boolean {
    if (this.offline || !this.settings().imageAutoDownload) return false
    if (hostPolicy(this.settings().imageHostRules, host).blocked) return false
    const entry = this.downloader.manifest.get(key)
    if (!entry) return true
    if (entry.status === 'ok') return false
    return TRANSIENT.has(entry.status) && Date.now() - entry.lastTry > RETRY_ON_READ_MS
  }

  /** `<dataDir>/archives/<key>/images.jsonl`: what the last discovery found, per article. */
  private discoveryFile(root: string): string | undefined {
    try {
      return path.join(
        archiveDataDir(path.dirname(this.downloader.files.root), root),
        DISCOVERY_CACHE_NAME,
      )
    } catch {
      return undefined // a data folder inside the archive: no cache file, ever
    }
  }

  private discover(): Promise<Map<string, RemoteImage>> {
    const source = this.source
    if (!source) return Promise.resolve(new Map<string, RemoteImage>())
    if (!this.discovery) {
      const signal = this.discoveryAbort.signal
      this.discovery = discoverImages(source, signal, this.discoveryFile(source.root)).then(
        ({ images, pinned }) => {
          if (this.source === source && !signal.aborted) {
            this.discovered = images
            this.downloader.manifest.setPins(archiveKey(source.root), pinned)
            this.events.progress()
          }
          return images
        },
      )
      this.discovery.catch(() => (this.discovery = null))
    }
    return this.discovery
  }
}
