/**
 * The cache's download half: the queue's worker (fetch, validate, commit, record), retries with
 * exponential backoff (honouring Retry-After), the bytes in use and LRU eviction. Knows nothing of
 * archives; the service decides what to ask for.
 */
import http from 'node:http'
import https from 'node:https'
import { stat } from 'node:fs/promises'
import type { Settings } from '../../../shared/types/settings'
import type { ImageFile } from '../coreTypes'
import { foreground } from '../foreground'
import { createLogger } from '../log'
import { CacheFiles } from './cacheFiles'
import { DownloadQueue, HIGH, type Priority, type QueueJob, type Step } from './downloadQueue'
import { chooseEvictions, HeldKeys } from './eviction'
import { fetchImage, type FetchImageOptions, type FetchOutcome } from './fetchImage'
import { hostPolicy } from './hostRules'
import { Manifest, type ManifestEntry } from './manifest'

const log = createLogger('images')

export interface DownloaderOptions {
  /** Overrides of the settings for this process (CLI flags). */
  concurrency?: number
  offline?: boolean
  /** Tries per download before a retryable failure is recorded (default 4). */
  maxAttempts?: number
  /** First backoff delay; doubled at every retry, ±20 % jitter, at most 30 s (default 500 ms). */
  retryBaseMs?: number
  /** A Retry-After longer than this is not waited for: the failure is recorded (default 120 s). */
  maxRetryAfterMs?: number
  /** Connect timeout per hop (default 10 s, never more than the total timeout). */
  connectTimeoutMs?: number
  /** Told of every retry and its delay (tests, diagnostics). */
  onRetry?: (key: string, delayMs: number, status: string) => void
  /** Replaces the HTTP download (tests of the queue around it). */
  fetch?: (options: FetchImageOptions) => Promise<FetchOutcome>
  /** How long images a reader asked for are kept over the cap (default HOLD_MS, 10 min). */
  holdMs?: number
}

const MAX_BACKOFF_MS = 30_000
/** An access time is written again only when older than this (serving must not write a line per view). */
const TOUCH_EVERY_MS = 60_000

export class ImageDownloader {
  readonly queue: DownloadQueue<ManifestEntry | null>
  /** Images a reader asked for lately: never evicted while held (eviction.ts). */
  readonly held: HeldKeys
  private used = 0
  private readonly agents = {
    http: new http.Agent({ keepAlive: true, scheduling: 'lifo' }),
    https: new https.Agent({ keepAlive: true, scheduling: 'lifo' }),
  }

  private constructor(
    readonly files: CacheFiles,
    readonly manifest: Manifest,
    private readonly settings: () => Settings,
    private readonly options: DownloaderOptions,
    private readonly onChange: (key: string) => void,
  ) {
    this.held = new HeldKeys(options.holdMs)
    for (const entry of manifest.entries.values())
      if (entry.status === 'ok') this.used += entry.bytes
    this.queue = new DownloadQueue<ManifestEntry | null>(
      {
        concurrency: () => options.concurrency ?? settings().imageConcurrency,
        perHost: () => settings().imagePerHostLimit,
      },
      (job) => this.work(job),
    )
  }

  static async open(
    dataDir: string,
    settings: () => Settings,
    options: DownloaderOptions,
    onChange: (key: string) => void,
  ): Promise<ImageDownloader> {
    const files = new CacheFiles(dataDir)
    await files.open()
    const manifest = await Manifest.open(files.manifestFile())
    return new ImageDownloader(files, manifest, settings, options, onChange)
  }

  /** Bytes of every cached image. */
  get usedBytes(): number {
    return this.used
  }

  /** Offline: by the setting or this process's override. Nothing touches the network then. */
  get offline(): boolean {
    return this.options.offline ?? this.settings().offlineOnly
  }

  /** Queues a download (once per key); resolves with the recorded entry, or null (cancelled, offline, blocked). */
  download(
    key: string,
    url: string,
    host: string,
    priority: Priority,
  ): Promise<ManifestEntry | null> {
    if (this.offline) return Promise.resolve(null)
    return this.queue.enqueue(key, url, host, priority)
  }

  /** The cached file of a key, or null; a file gone from disk is forgotten. */
  async file(key: string): Promise<ImageFile | null> {
    const entry = this.manifest.get(key)
    if (!entry || entry.status !== 'ok' || !entry.type) return null
    const file = this.files.pathOf(key)
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file')
    } catch {
      this.forget(entry)
      return null
    }
    const now = Date.now()
    if (now - entry.access > TOUCH_EVERY_MS) this.manifest.touch(key, now)
    return { path: file, contentType: entry.type }
  }

  /** Deletes the files over the cap, least recently read first; pinned and held ones never. */
  async evict(): Promise<number> {
    const victims = chooseEvictions(
      this.manifest.entries.values(),
      this.used,
      this.settings().imageCacheCapBytes,
      (key) => this.manifest.isPinned(key) || this.held.has(key),
    )
    for (const entry of victims) {
      this.forget(entry)
      await this.files.remove(entry.key)
    }
    if (victims.length > 0) log.info(`evicted ${victims.length} images over the cache cap`)
    return victims.length
  }

  async close(): Promise<void> {
    this.queue.close()
    await this.queue.idle()
    this.agents.http.destroy()
    this.agents.https.destroy()
    await this.manifest.close()
  }

  private forget(entry: ManifestEntry): void {
    if (entry.status === 'ok') this.used -= entry.bytes
    this.manifest.remove(entry.key)
    this.onChange(entry.key)
  }

  private async work(job: QueueJob): Promise<Step<ManifestEntry | null>> {
    if (this.offline || job.signal.aborted) return { done: null }
    if (job.priority > HIGH) {
      // A download's start (request, DNS hand-off, TLS, socket) costs the answering thread 1–4 ms;
      // the queue starts a window of them at once, 20–35 ms bursts in serve mode at 100k. Only
      // an image the user is looking at (HIGH) starts without waiting for the user's requests.
      await foreground.backgroundTurn()
      if (this.offline || job.signal.aborted) return { done: null }
    }
    const settings = this.settings()
    const tempPath = this.files.tempPathFor(job.key)
    const fetch = this.options.fetch ?? fetchImage
    const outcome = await fetch({
      url: job.url,
      policyFor: (host) => hostPolicy(this.settings().imageHostRules, host),
      maxBytes: settings.imageMaxBytes,
      timeoutMs: settings.imageTimeoutMs,
      connectTimeoutMs: Math.min(this.options.connectTimeoutMs ?? 10_000, settings.imageTimeoutMs),
      tempPath,
      signal: job.signal,
      agents: this.agents,
    })
    const previous = this.manifest.get(job.key)
    const attempts = (previous?.attempts ?? 0) + job.runs
    const now = Date.now()
    if (outcome.ok) {
      try {
        await this.files.commit(tempPath, job.key)
      } catch (error) {
        await this.files.discard(tempPath)
        log.error(`cannot store the image of ${job.url}`, error)
        return {
          done: this.record(
            job,
            previous,
            { status: 'disk', detail: String(error) },
            attempts,
            now,
          ),
        }
      }
      if (previous?.status === 'ok') this.used -= previous.bytes
      const entry: ManifestEntry = {
        key: job.key,
        url: job.url,
        status: 'ok',
        bytes: outcome.bytes,
        type: outcome.type,
        attempts,
        lastTry: now,
        access: now,
      }
      this.manifest.put(entry)
      this.used += outcome.bytes
      // Downloaded for a reader (HIGH): held from now, however long the download took.
      if (job.priority === HIGH) this.held.hold([job.key])
      this.onChange(job.key)
      if (this.used > settings.imageCacheCapBytes) await this.evict()
      return { done: entry }
    }
    await this.files.discard(tempPath)
    // Cancelled or blocked: nothing happened to the image itself, so nothing is recorded.
    if (outcome.status === 'cancelled' || outcome.status === 'blocked' || job.signal.aborted)
      return { done: null }
    const maxAttempts = this.options.maxAttempts ?? 4
    if (outcome.retryable && job.runs < maxAttempts) {
      const delay = outcome.retryAfterMs ?? this.backoff(job.runs)
      if (delay <= (this.options.maxRetryAfterMs ?? 120_000)) {
        this.options.onRetry?.(job.key, delay, outcome.status)
        return { retryInMs: delay }
      }
    }
    return { done: this.record(job, previous, outcome, attempts, now) }
  }

  private record(
    job: QueueJob,
    previous: ManifestEntry | undefined,
    failure: { status: string; detail: string },
    attempts: number,
    now: number,
  ): ManifestEntry {
    // A cached image that could not be fetched again stays cached (retry of an ok image).
    if (previous?.status === 'ok') return previous
    const entry: ManifestEntry = {
      key: job.key,
      url: job.url,
      status: failure.status,
      bytes: 0,
      attempts,
      lastTry: now,
      access: previous?.access ?? 0,
      detail: failure.detail.slice(0, 300),
    }
    this.manifest.put(entry)
    this.onChange(job.key)
    return entry
  }

  private backoff(run: number): number {
    const base = (this.options.retryBaseMs ?? 500) * 2 ** (run - 1)
    const jitter = 0.8 + Math.random() * 0.4
    return Math.min(MAX_BACKOFF_MS, Math.round(base * jitter))
  }
}
