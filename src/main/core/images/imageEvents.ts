/**
 * Coalesces the image cache's events: a cache-all run changes thousands of images a minute, and
 * each front end needs only to know, a few times a second, which images changed (to refresh what
 * it shows) and how far the run is. At most one 'images-changed' and one 'cache-progress' event
 * per interval; the last state is always sent.
 */
import type { ImageCacheStatus } from '../../../shared/contract/api'
import type { ArchiveEvent } from '../../../shared/contract/events'

/** Keys listed in one event at most; beyond that the event says `more` and clients re-read all. */
export const MAX_KEYS_PER_EVENT = 500
export const EVENT_INTERVAL_MS = 250

export class ImageEvents {
  private readonly changed = new Set<string>()
  private progressDue = false
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly emit: (event: ArchiveEvent) => void,
    private readonly status: () => ImageCacheStatus,
    private readonly intervalMs = EVENT_INTERVAL_MS,
  ) {}

  imageChanged(key: string): void {
    this.changed.add(key)
    this.progressDue = true
    this.schedule()
  }

  progress(): void {
    this.progressDue = true
    this.schedule()
  }

  /** Sends whatever is due now (end of a run, shutdown). */
  flush(): void {
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
    if (this.progressDue) {
      this.progressDue = false
      this.emit({ type: 'cache-progress', ...this.status() })
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private schedule(): void {
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.flush()
    }, this.intervalMs)
    this.timer.unref()
  }
}
