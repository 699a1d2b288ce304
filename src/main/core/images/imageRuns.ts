/**
 * Download runs: one at a time, over the archive's discovered images. 'missing' asks for every
 * image the manifest has no record of (so a second run downloads nothing new); 'failed' asks again
 * for every recorded failure. Cancelling drops the run's queued jobs and aborts its running ones;
 * the reader's HIGH jobs are never touched.
 */
import type { ImageRunSummary } from '../../../shared/contract/api'
import type { ImageHostRule } from '../../../shared/types/settings'
import type { RemoteImage } from './archiveImages'
import { HIGH, type Priority } from './downloadQueue'
import { hostPolicy } from './hostRules'
import type { ImageDownloader } from './imageDownloader'
import type { ManifestEntry } from './manifest'
import { foreground } from '../foreground'

/** Images looked at between yields to the event loop while a run picks its images: small
 * slices (a few ms), so a request that arrives meanwhile waits for one slice at most. */
const YIELD_EVERY = 250

/**
 * How many of a run's images are in the download queue at once, in all and per host. A run used
 * to queue every image it wanted in one go: ~470k jobs at 100k articles, each with its promise,
 * held for the whole run (hours with a network), which grew the heap of the thread that answers
 * the UI (longer GC pauses in search answers), made every status pass ask the queue about each,
 * and made closing cancel them one by one. The per-host window keeps every host's concurrency
 * limit busy even when the archive's images are grouped by host, as they are by source folder.
 */
export interface RunWindow {
  total: number
  perHost: number
}
export const RUN_WINDOW: RunWindow = { total: 2000, perHost: 64 }
/** Jobs queued between yields to the event loop while feeding (see feed). */
const FEED_SLICE = 250

export type RunKind = 'missing' | 'failed'

export type RunSummary = ImageRunSummary

interface Run {
  priority: Priority
  /** What the run asks for: one kind, or both after one run superseded another. */
  kinds: ReadonlySet<RunKind>
  controller: AbortController
  done: Promise<RunSummary>
}

export interface RunDeps {
  downloader: ImageDownloader
  discover: () => Promise<Map<string, RemoteImage>>
  rules: () => readonly ImageHostRule[]
  /** The run started or made progress (summary null), or ended (its summary). */
  changed: (ended: RunSummary | null) => void
  /** Tests shrink it; default RUN_WINDOW. */
  window?: RunWindow
}

/** One host's images still to ask for in a run, and how many of them are in the queue. */
interface HostLane {
  images: [string, RemoteImage][]
  next: number
  queued: number
  /** In the feeder's round-robin list right now. */
  listed: boolean
}

export class ImageRuns {
  private run: Run | null = null

  constructor(private readonly deps: RunDeps) {}

  get running(): boolean {
    return this.run !== null
  }

  get priority(): Priority | null {
    return this.run?.priority ?? null
  }

  done(): Promise<RunSummary> | null {
    return this.run?.done ?? null
  }

  /**
   * Starts a run. A run already going is superseded: it stops feeding the queue, and the new run
   * asks for what it would have asked for too (its jobs already queued move up to the new
   * priority), so "Retry failed" during the background run does not drop the images that run
   * had not queued yet.
   */
  start(priority: Priority, which: RunKind): void {
    const superseded = this.run
    superseded?.controller.abort()
    const kinds = new Set<RunKind>([which, ...(superseded?.kinds ?? [])])
    const controller = new AbortController()
    const run: Run = {
      priority,
      kinds,
      controller,
      done: this.execute(priority, kinds, controller.signal).then((summary) => {
        if (this.run === run) this.run = null
        this.deps.changed(summary)
        return summary
      }),
    }
    this.run = run
    this.deps.changed(null)
  }

  cancel(): void {
    const run = this.run
    if (!run) return
    this.run = null
    run.controller.abort()
    this.deps.downloader.queue.cancel((job) => job.priority > HIGH)
  }

  private async execute(
    priority: Priority,
    kinds: ReadonlySet<RunKind>,
    signal: AbortSignal,
  ): Promise<RunSummary> {
    const summary: RunSummary = {
      requested: 0,
      ok: 0,
      failed: 0,
      bytes: 0,
      cancelled: false,
      byReason: {},
      seconds: 0,
    }
    const started = performance.now()
    const lanes = await this.pick(kinds, signal)
    this.deps.changed(null)
    if (!signal.aborted) await this.feed(lanes, priority, summary, signal)
    summary.cancelled = signal.aborted
    summary.seconds = Math.round((performance.now() - started) / 100) / 10
    return summary
  }

  /** The images the run asks for, by host, in discovery order. */
  private async pick(
    kinds: ReadonlySet<RunKind>,
    signal: AbortSignal,
  ): Promise<Map<string, HostLane>> {
    const images = await this.deps.discover()
    const { downloader } = this.deps
    const rules = this.deps.rules()
    const lanes = new Map<string, HostLane>()
    let sinceYield = 0
    // Offline, a run only finds the archive's images (for the counts) and asks for none.
    for (const [key, image] of downloader.offline ? [] : images) {
      if (++sinceYield >= YIELD_EVERY) {
        sinceYield = 0
        await foreground.backgroundTurn()
      }
      if (signal.aborted) break
      const entry = downloader.manifest.get(key)
      const wanted = entry ? kinds.has('failed') && entry.status !== 'ok' : kinds.has('missing')
      if (!wanted) continue
      if (hostPolicy(rules, image.host).blocked) continue
      let lane = lanes.get(image.host)
      if (!lane) lanes.set(image.host, (lane = { images: [], next: 0, queued: 0, listed: false }))
      lane.images.push([key, image])
    }
    return lanes
  }

  /**
   * Asks for every picked image, keeping at most `window.total` in the queue and
   * `window.perHost` per host, taking hosts in turn; resolves when all have ended (or, once the
   * run is aborted, when the ones queued have).
   */
  private feed(
    lanes: Map<string, HostLane>,
    priority: Priority,
    summary: RunSummary,
    signal: AbortSignal,
  ): Promise<void> {
    const window = this.deps.window ?? RUN_WINDOW
    const { downloader } = this.deps
    const turns: HostLane[] = []
    let turn = 0
    let queued = 0
    const list = (lane: HostLane): void => {
      if (lane.listed || lane.next >= lane.images.length) return
      lane.listed = true
      turns.push(lane)
    }
    for (const lane of lanes.values()) list(lane)
    return new Promise<void>((resolve) => {
      // Jobs that end at once (offline, a key already cached) would otherwise refill the queue
      // in one unbroken chain of callbacks: at most FEED_SLICE jobs between yields.
      let fedInSlice = 0
      let resumeScheduled = false
      const pump = (): void => {
        if (resumeScheduled) return
        while (
          !signal.aborted &&
          !downloader.offline &&
          queued < window.total &&
          turn < turns.length
        ) {
          if (++fedInSlice > FEED_SLICE) {
            resumeScheduled = true
            void foreground.backgroundTurn().then(() => {
              resumeScheduled = false
              fedInSlice = 0
              pump()
            })
            return
          }
          const lane = turns[turn++] as HostLane
          lane.listed = false
          // A host at its window comes back when one of its images ends.
          if (lane.queued >= window.perHost) continue
          const [key, image] = lane.images[lane.next++] as [string, RemoteImage]
          lane.queued++
          queued++
          summary.requested++
          void downloader
            .download(key, image.url, image.host, priority)
            .then((result) => {
              if (result) tally(summary, result)
            })
            .finally(() => {
              lane.queued--
              queued--
              list(lane)
              pump()
            })
          list(lane)
        }
        // The round-robin list only grows: drop what was consumed once it is most of it.
        if (turn > 1024 && turn * 2 > turns.length) {
          turns.splice(0, turn)
          turn = 0
        }
        if (queued === 0 && (signal.aborted || downloader.offline || turn >= turns.length))
          resolve()
      }
      pump()
    })
  }
}

function tally(summary: RunSummary, entry: ManifestEntry): void {
  if (entry.status === 'ok') {
    summary.ok++
    summary.bytes += entry.bytes
  } else {
    summary.failed++
    summary.byReason[entry.status] = (summary.byReason[entry.status] ?? 0) + 1
  }
}
