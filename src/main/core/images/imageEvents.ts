/**
 * Coalesces the image cache's events: a cache-all run changes thousands of images a minute, and
 * each front end needs only to know, a few times a second, which images changed (to refresh what
 * it shows) and how far the run is. At most one 'images-changed' and one 'cache-progress' event
 * per interval; the last state is always sent.
 *
 * Counting a large archive's images for 'cache-progress' is not free (~35 ms at 100k articles,
 * imageStatus.ts): such a status comes as a promise, counted in slices, and the next one waits
 * at least COST_FACTOR times the thread time the last one took, so progress reports never take
 * more than a small share of the thread that answers the UI.
 */
import type { ImageCacheStatus } from '../../../shared/contract/api'
import type { ArchiveEvent } from '../../../shared/contract/events'

/** Keys listed in one event at most; beyond that the event says `more` and clients re-read all. */
export const MAX_KEYS_PER_EVENT = 500
export const EVENT_INTERVAL_MS = 250
/** A status pass may use at most 1/COST_FACTOR of the thread's time. */
const COST_FACTOR = 20

/** A status counted in slices, with the thread time it took. */
export interface TimedStatus {
  status: ImageCacheStatus
  busyMs: number
}

/** The status now, or (large archives) later; null: superseded, nothing to send. */
export type StatusSource = () => ImageCacheStatus | Promise<TimedStatus | null>

export class ImageEvents {
  private readonly changed = new Set<string>()
  private progressDue = false
  private timer: NodeJS.Timeout | null = null
  /** A sliced status pass is under way: progress waits for it. */
  private counting = false
  /** No progress pass before this time (performance.now()), after a costly one. */
  private progressNotBefore = 0
  private closed = false

  constructor(
    private readonly emit: (event: ArchiveEvent) => void,
    private readonly status: StatusSource,
    private readonly intervalMs = EVENT_INTERVAL_MS,
  ) {}

  imageChanged(key: string): void {
    if (this.closed) return
    this.changed.add(key)
    this.progressDue = true
    this.schedule()
  }

  progress(): void {
    if (this.closed) return
    this.progressDue = true
    this.schedule()
  }

  /** Sends whatever is due now (end of a run, shutdown). */
  flush(): void {
    if (this.closed) return
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    if (this.changed.size > 0) {
      const keys = [...this.changed]
      this.changed.clear()
      this.emit({
        type: 'images-changed',
        keys: keys.slice(0, MAX_KEYS_PER_EVENT),
        more: keys.length > MAX_KEYS_PER_EVENT,
      })
    }
    if (this.progressDue && !this.counting) this.sendProgress()
  }

  private sendProgress(): void {
    const wait = this.progressNotBefore - performance.now()
    if (wait > 0) {
      this.schedule(wait)
      return
    }
    this.progressDue = false
    const status = this.status()
    if (!(status instanceof Promise)) {
      this.emit({ type: 'cache-progress', ...status })
      return
    }
    this.counting = true
    void status
      .then((counted) => {
        if (!counted || this.closed) return
        this.progressNotBefore = performance.now() + COST_FACTOR * counted.busyMs
        this.emit({ type: 'cache-progress', ...counted.status })
      })
      .catch(() => undefined) // a failed count sends nothing; the next one may succeed
      .finally(() => {
        this.counting = false
        if (this.progressDue && !this.closed) this.schedule()
      })
  }

  close(): void {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private schedule(delayMs = this.intervalMs): void {
    if (this.timer || this.closed) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.flush()
    }, delayMs)
    this.timer.unref()
  }
}
