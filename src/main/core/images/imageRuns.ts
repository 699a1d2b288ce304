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

/** Images queued between yields to the event loop during a run: small slices (a few ms), so a
 * request that arrives meanwhile waits for one slice at most. */
const YIELD_EVERY = 250

export type RunKind = 'missing' | 'failed'

export type RunSummary = ImageRunSummary

interface Run {
  priority: Priority
  controller: AbortController
  done: Promise<RunSummary>
}

export interface RunDeps {
  downloader: ImageDownloader
  discover: () => Promise<Map<string, RemoteImage>>
  rules: () => readonly ImageHostRule[]
  /** The run started or made progress (summary null), or ended (its summary). */
  changed: (ended: RunSummary | null) => void
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
   * Starts a run. A run already going is superseded: its loop stops, but the jobs it queued stay
   * and move up to the new run's priority when it asks for them again.
   */
  start(priority: Priority, which: RunKind): void {
    this.run?.controller.abort()
    const controller = new AbortController()
    const run: Run = {
      priority,
      controller,
      done: this.execute(priority, which, controller.signal).then((summary) => {
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
    which: RunKind,
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
    const images = await this.deps.discover()
    const { downloader } = this.deps
    const rules = this.deps.rules()
    const waits: Promise<void>[] = []
    let sinceYield = 0
    // Offline, a run only finds the archive's images (for the counts) and asks for none.
    for (const [key, image] of downloader.offline ? [] : images) {
      // Queuing ~470k images (100k articles) in one go held this thread for seconds: searches
      // asked for meanwhile waited (measured: a 7.6 s answer right after opening).
      if (++sinceYield >= YIELD_EVERY) {
        sinceYield = 0
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
      if (signal.aborted) break
      const entry = downloader.manifest.get(key)
      if (which === 'missing' ? entry !== undefined : !entry || entry.status === 'ok') continue
      if (hostPolicy(rules, image.host).blocked) continue
      summary.requested++
      waits.push(
        downloader.download(key, image.url, image.host, priority).then((result) => {
          if (result) tally(summary, result)
        }),
      )
    }
    this.deps.changed(null)
    await Promise.all(waits)
    summary.cancelled = signal.aborted
    summary.seconds = Math.round((performance.now() - started) / 100) / 10
    return summary
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
