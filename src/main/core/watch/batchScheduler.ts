/**
 * When to cut a batch: after `debounceMs` without events (quiet period), but never later than
 * `maxWaitMs` after the first event of the window, so a long burst (a sync tool copying 10,000
 * files) still yields a batch every `maxWaitMs` instead of one at the very end or one per file.
 *
 * One timer per window, re-armed lazily when it fires early: `notify()` is O(1) and allocates
 * nothing, which matters when a source delivers thousands of events in a row.
 */
export interface TimerApi {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  now(): number
}

/** Node timers, unref'd so a watcher never keeps the process alive. */
export const nodeTimers: TimerApi = {
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, ms)
    handle.unref()
    return handle
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout)
  },
  now: () => Date.now(),
}

export interface BatchTiming {
  debounceMs: number
  maxWaitMs: number
}

export class BatchScheduler {
  #timer: unknown = null
  #firstAt = 0
  #lastAt = 0

  constructor(
    private readonly onDue: () => void,
    private readonly timing: BatchTiming,
    private readonly timers: TimerApi = nodeTimers,
  ) {}

  /** An event arrived: open a window if none is open, and push the quiet period back. */
  notify(): void {
    const now = this.timers.now()
    this.#lastAt = now
    if (this.#timer !== null) return
    this.#firstAt = now
    this.#arm(Math.min(this.timing.debounceMs, this.timing.maxWaitMs))
  }

  /** Drop the open window without firing. */
  cancel(): void {
    if (this.#timer !== null) this.timers.clearTimeout(this.#timer)
    this.#timer = null
  }

  get pending(): boolean {
    return this.#timer !== null
  }

  #arm(ms: number): void {
    this.#timer = this.timers.setTimeout(() => this.#fire(), Math.max(0, ms))
  }

  #fire(): void {
    const now = this.timers.now()
    const quietFor = now - this.#lastAt
    const untilMaxWait = this.#firstAt + this.timing.maxWaitMs - now
    if (quietFor >= this.timing.debounceMs || untilMaxWait <= 0) {
      this.#timer = null
      this.onDue()
      return
    }
    this.#arm(Math.min(this.timing.debounceMs - quietFor, untilMaxWait))
  }
}
