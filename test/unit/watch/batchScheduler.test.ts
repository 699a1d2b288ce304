import { describe, expect, it } from 'vitest'
import { BatchScheduler } from '../../../src/main/core/watch/batchScheduler'
import type { TimerApi } from '../../../src/main/core/watch/batchScheduler'

/** A manual clock: timers fire only when the test advances time. */
class ManualTimers implements TimerApi {
  time = 0
  #next = 1
  readonly #timers = new Map<number, { at: number; fn: () => void }>()
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.#next++
    this.#timers.set(id, { at: this.time + ms, fn })
    return id
  }
  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number)
  }
  now(): number {
    return this.time
  }
  get armed(): number {
    return this.#timers.size
  }
  advance(ms: number): void {
    const end = this.time + ms
    for (;;) {
      const due = [...this.#timers.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      this.#timers.delete(due[0])
      this.time = due[1].at
      due[1].fn()
    }
    this.time = end
  }
}

function setup(debounceMs = 150, maxWaitMs = 1000) {
  const timers = new ManualTimers()
  const fired: number[] = []
  const scheduler = new BatchScheduler(
    () => fired.push(timers.time),
    { debounceMs, maxWaitMs },
    timers,
  )
  return { timers, fired, scheduler }
}

describe('BatchScheduler', () => {
  it('fires once after the quiet period', () => {
    const { timers, fired, scheduler } = setup()
    scheduler.notify()
    timers.advance(100)
    scheduler.notify()
    timers.advance(100)
    expect(fired).toEqual([])
    timers.advance(100)
    expect(fired).toEqual([250])
    expect(scheduler.pending).toBe(false)
  })

  it('a continuous burst fires every maxWait, never once per event', () => {
    const { timers, fired, scheduler } = setup(150, 1000)
    for (let t = 0; t < 5000; t += 10) {
      scheduler.notify()
      timers.advance(10)
    }
    timers.advance(1000)
    expect(fired.length).toBeGreaterThanOrEqual(5)
    expect(fired.length).toBeLessThanOrEqual(6)
    for (let i = 1; i < fired.length - 1; i++) {
      expect((fired[i] as number) - (fired[i - 1] as number)).toBeLessThanOrEqual(1010)
    }
  })

  it('keeps a single timer armed however many events arrive', () => {
    const { timers, scheduler } = setup()
    for (let i = 0; i < 10_000; i++) scheduler.notify()
    expect(timers.armed).toBe(1)
  })

  it('cancel drops the window', () => {
    const { timers, fired, scheduler } = setup()
    scheduler.notify()
    scheduler.cancel()
    timers.advance(5000)
    expect(fired).toEqual([])
  })
})
