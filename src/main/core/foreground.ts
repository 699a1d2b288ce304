/**
 * The user's requests come first. Background work on the thread that answers the UI (image
 * discovery, the snapshot's verification, image status counts and runs) goes in slices, and
 * between two slices it awaits `backgroundTurn()`. While a foreground request (a search, a list
 * page, facets, an article) is being answered, and for a short grace after its answer (the
 * renderer paints it and often asks for more), the turn waits: at 100k articles the first
 * seconds after an open kept this thread busy with discovery and stats while the user's first
 * searches needed the search worker and the renderer, and on two cores a third busy thread
 * made those searches wait for a CPU. A turn never waits longer than `maxDeferralMs`, so
 * background work always moves on, if slowly, under a stream of requests.
 *
 * One gate per process, not per core instance: the cores it shares out are the machine's, and
 * the thread it protects is the event loop every core instance of the process runs on.
 */

export interface ForegroundOptions {
  /** How long after a foreground answer background slices still wait (ms). */
  graceMs?: number
  /** The longest one background turn waits for the foreground (ms). */
  maxDeferralMs?: number
}

const DEFAULT_GRACE_MS = 60
const DEFAULT_MAX_DEFERRAL_MS = 500

export class ForegroundGate {
  private active = 0
  private lastEnd = Number.NEGATIVE_INFINITY
  private readonly graceMs: number
  private readonly maxDeferralMs: number

  constructor(options: ForegroundOptions = {}) {
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS
    this.maxDeferralMs = options.maxDeferralMs ?? DEFAULT_MAX_DEFERRAL_MS
  }

  /** Runs a foreground request: background turns wait while it runs and for the grace after. */
  async run<T>(request: () => Promise<T>): Promise<T> {
    this.active++
    try {
      return await request()
    } finally {
      this.active--
      this.lastEnd = performance.now()
    }
  }

  /** Whether no foreground request has run for the last `ms`. */
  quietFor(ms: number): boolean {
    return this.active === 0 && performance.now() - this.lastEnd >= ms
  }

  /** Whether a background turn would wait now. */
  get busy(): boolean {
    return this.active > 0 || performance.now() - this.lastEnd < this.graceMs
  }

  /**
   * Yields to the event loop (as `setImmediate` does), then waits while the foreground is busy,
   * `maxDeferralMs` at most.
   */
  async backgroundTurn(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve))
    const deadline = performance.now() + this.maxDeferralMs
    while (this.busy) {
      const now = performance.now()
      if (now >= deadline) return
      // While a request runs, look again a little later; in the grace, at its end.
      const quietAt = this.active > 0 ? now + 5 : this.lastEnd + this.graceMs
      const wait = Math.max(1, Math.min(quietAt, deadline) - now)
      await new Promise<void>((resolve) => setTimeout(resolve, wait))
    }
  }
}

/** How often `quiet` looks again (ms). */
const QUIET_POLL_MS = 100

export interface QuietOptions {
  /** How long no foreground request must have run (ms). */
  quietMs: number
  /** Resolve after this long whatever the foreground does (ms). */
  maxWaitMs: number
}

/**
 * Resolves once no foreground request has run for `quietMs` (a pause in the user's typing and
 * reading), or after `maxWaitMs`: for background work that is better started later than beside
 * the user's first requests. Its timers do not keep the process alive.
 */
export function quietMoment(gate: ForegroundGate, options: QuietOptions): Promise<void> {
  const deadline = performance.now() + options.maxWaitMs
  return new Promise((resolve) => {
    const look = (): void => {
      const now = performance.now()
      if (now >= deadline || gate.quietFor(options.quietMs)) {
        resolve()
        return
      }
      setTimeout(look, QUIET_POLL_MS).unref()
    }
    look()
  })
}

/** The process's gate (see the module comment). */
export const foreground = new ForegroundGate()

/**
 * A long loop on the answering thread, cut into slices of about `sliceMs` of work with a
 * background turn between them. A slice is measured in time, not in items: an item's cost
 * varies ten-fold between an idle thread and one with cold caches right after an open. Call
 * `due()` once per item (it reads the clock every `clockEvery` calls) and, when it is true,
 * `await next()`. A loop that yields its own way (the watcher's walk, in its own thread) uses
 * `due()` alone.
 */
/** How many items a TimeSlices loop runs between two readings of the clock. */
export const CLOCK_EVERY = 256

export class TimeSlices {
  private calls = 0
  private sliceStart = performance.now()
  private workedMs = 0

  constructor(
    private readonly sliceMs: number,
    private readonly clockEvery = CLOCK_EVERY,
    private readonly gate: ForegroundGate = foreground,
  ) {}

  /** Whether the current slice has run its time. */
  due(): boolean {
    if (++this.calls < this.clockEvery) return false
    this.calls = 0
    return performance.now() - this.sliceStart >= this.sliceMs
  }

  /** Ends the slice: awaits a background turn, then starts the next one. */
  async next(): Promise<void> {
    this.workedMs += performance.now() - this.sliceStart
    await this.gate.backgroundTurn()
    this.sliceStart = performance.now()
  }

  /** The loop's work time so far, turns excluded. */
  busyMs(): number {
    return this.workedMs + performance.now() - this.sliceStart
  }
}
