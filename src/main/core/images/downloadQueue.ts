/**
 * The download scheduler: at most `concurrency()` jobs at once in all and `perHost()` per host
 * (both read live from the settings), highest priority first, hosts taken round-robin within a
 * priority so one slow host never starves the others.
 *
 * - One job per key: asking again for a key already queued or running returns the same promise
 *   (and raises its priority if the new ask is more urgent).
 * - A job may ask to run again later (a retry with backoff): it leaves its slot and waits in a
 *   timer list, so waiting never holds a connection slot.
 * - `cancel(predicate)` drops queued and waiting jobs and aborts running ones; their promises
 *   resolve with null.
 */

/** 0: the article being read; 1: asked for ("Cache all images", retry); 2: background. */
export type Priority = 0 | 1 | 2
export const HIGH: Priority = 0
export const NORMAL: Priority = 1
export const LOW: Priority = 2

export type Step<R> = { done: R } | { retryInMs: number }

export interface QueueJob {
  readonly key: string
  readonly url: string
  readonly host: string
  priority: Priority
  /** Runs started so far (the first run is 1). */
  runs: number
  readonly signal: AbortSignal
}

export interface QueueLimits {
  concurrency(): number
  perHost(): number
}

interface Job<R> extends QueueJob {
  state: 'queued' | 'running' | 'waiting'
  /** Made when the signal is first read (a run queues ~470k jobs at 100k articles; most wait). */
  controller: AbortController | null
  notBefore: number
  resolve: (value: R | null) => void
  promise: Promise<R | null>
}

/** A FIFO with O(1) push and shift; jobs that moved to another priority are skipped lazily. */
class Fifo<T> {
  private items: T[] = []
  private head = 0
  get size(): number {
    return this.items.length - this.head
  }
  push(item: T): void {
    this.items.push(item)
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined
    const item = this.items[this.head++]
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return item
  }
}

export class DownloadQueue<R> {
  private readonly jobs = new Map<string, Job<R>>()
  /** Per priority: host → jobs in arrival order (Map order = round-robin order). */
  private readonly levels = [0, 1, 2].map(() => new Map<string, Fifo<Job<R>>>())
  private readonly activeByHost = new Map<string, number>()
  private active = 0
  private readonly waiting = new Set<Job<R>>()
  private timer: NodeJS.Timeout | null = null
  private timerAt = Infinity
  private idleWaiters: (() => void)[] = []
  private closed = false

  constructor(
    private readonly limits: QueueLimits,
    private readonly work: (job: QueueJob) => Promise<Step<R>>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Jobs queued, running or waiting to retry. */
  get size(): number {
    return this.jobs.size
  }

  get running(): number {
    return this.active
  }

  has(key: string): boolean {
    return this.jobs.has(key)
  }

  priorityOf(key: string): Priority | undefined {
    return this.jobs.get(key)?.priority
  }

  /** Queues `key` (once) and resolves with the job's result, or null if it was cancelled. */
  enqueue(key: string, url: string, host: string, priority: Priority): Promise<R | null> {
    const existing = this.jobs.get(key)
    if (existing) {
      if (priority < existing.priority) {
        existing.priority = priority
        if (existing.state === 'queued') this.place(existing)
        this.pump()
      }
      return existing.promise
    }
    if (this.closed) return Promise.resolve(null)
    let resolve!: (value: R | null) => void
    const promise = new Promise<R | null>((r) => (resolve = r))
    const job: Job<R> = {
      key,
      url,
      host,
      priority,
      runs: 0,
      get signal(): AbortSignal {
        return (this.controller ??= new AbortController()).signal
      },
      state: 'queued',
      controller: null,
      notBefore: 0,
      resolve,
      promise,
    }
    this.jobs.set(key, job)
    this.place(job)
    this.pump()
    return promise
  }

  /** Drops every job the predicate picks; running ones are aborted. Returns how many. */
  cancel(predicate: (job: QueueJob) => boolean): number {
    let count = 0
    for (const job of [...this.jobs.values()]) {
      if (!predicate(job)) continue
      count++
      this.jobs.delete(job.key)
      this.waiting.delete(job)
      // Only a running job's work observes its signal; aborting the others would only make a
      // DOMException each (measured: ~3 s for the ~470k jobs of a 100k archive's run).
      if (job.state === 'running') (job.controller ??= new AbortController()).abort()
      // A running job frees its slot when its work returns (see run); the others are done now.
      if (job.state !== 'running') job.resolve(null)
      job.state = 'queued' // stale entries in the FIFOs are skipped: the job is no longer in `jobs`
    }
    this.pump()
    this.settleIdle()
    return count
  }

  /** Resolves when nothing is queued, running or waiting. */
  idle(): Promise<void> {
    if (this.jobs.size === 0 && this.active === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  close(): void {
    this.closed = true
    this.cancel(() => true)
    if (this.timer) clearTimeout(this.timer)
  }

  /** A settings change (concurrency) may open slots. */
  poke(): void {
    this.pump()
  }

  private place(job: Job<R>): void {
    const level = this.levels[job.priority] as Map<string, Fifo<Job<R>>>
    let fifo = level.get(job.host)
    if (!fifo) level.set(job.host, (fifo = new Fifo()))
    fifo.push(job)
  }

  private pump(): void {
    const limit = Math.max(1, this.limits.concurrency())
    const perHost = Math.max(1, this.limits.perHost())
    for (let priority = 0; priority < this.levels.length && this.active < limit; priority++) {
      const level = this.levels[priority] as Map<string, Fifo<Job<R>>>
      let progress = true
      while (progress && this.active < limit) {
        progress = false
        for (const [host, fifo] of level) {
          if (this.active >= limit) break
          if ((this.activeByHost.get(host) ?? 0) >= perHost) continue
          const job = this.takeValid(fifo, priority)
          if (!job) {
            level.delete(host)
            continue
          }
          if (fifo.size === 0) level.delete(host)
          else {
            // Round-robin: this host goes to the back of the line.
            level.delete(host)
            level.set(host, fifo)
          }
          this.start(job)
          progress = true
        }
      }
    }
  }

  private takeValid(fifo: Fifo<Job<R>>, priority: number): Job<R> | undefined {
    for (;;) {
      const job = fifo.shift()
      if (!job) return undefined
      // Skip stale places: cancelled, already started, or moved to a higher priority.
      if (this.jobs.get(job.key) === job && job.state === 'queued' && job.priority === priority)
        return job
    }
  }

  private start(job: Job<R>): void {
    job.state = 'running'
    job.runs++
    this.active++
    this.activeByHost.set(job.host, (this.activeByHost.get(job.host) ?? 0) + 1)
    void this.run(job)
  }

  private async run(job: Job<R>): Promise<void> {
    let step: Step<R> | null
    try {
      step = await this.work(job)
    } catch {
      step = null
    }
    this.active--
    const hostCount = (this.activeByHost.get(job.host) ?? 1) - 1
    if (hostCount <= 0) this.activeByHost.delete(job.host)
    else this.activeByHost.set(job.host, hostCount)
    const live = this.jobs.get(job.key) === job
    if (!live || step === null || job.signal.aborted) {
      if (live) this.jobs.delete(job.key)
      job.resolve(step && 'done' in step && !job.signal.aborted ? step.done : null)
    } else if ('done' in step) {
      this.jobs.delete(job.key)
      job.resolve(step.done)
    } else {
      job.state = 'waiting'
      job.notBefore = this.now() + Math.max(0, step.retryInMs)
      this.waiting.add(job)
      this.arm()
    }
    this.pump()
    this.settleIdle()
  }

  private arm(): void {
    let next = Infinity
    for (const job of this.waiting) next = Math.min(next, job.notBefore)
    if (next === Infinity || (this.timer && next >= this.timerAt)) return
    if (this.timer) clearTimeout(this.timer)
    this.timerAt = next
    this.timer = setTimeout(() => this.wake(), Math.max(0, next - this.now()))
  }

  private wake(): void {
    this.timer = null
    this.timerAt = Infinity
    const now = this.now()
    for (const job of [...this.waiting]) {
      if (job.notBefore > now) continue
      this.waiting.delete(job)
      job.state = 'queued'
      this.place(job)
    }
    this.arm()
    this.pump()
  }

  private settleIdle(): void {
    if (this.jobs.size > 0 || this.active > 0) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const wake of waiters) wake()
  }
}
