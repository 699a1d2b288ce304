/**
 * Status passes over a large archive's images are counted in slices and spaced out by their
 * cost, so the image cache's progress events never block the thread that answers searches.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ImageCacheStatus, ImageStatus } from '../../../src/shared/contract/api'
import type { ArchiveEvent } from '../../../src/shared/contract/events'
import type { RemoteImage } from '../../../src/main/core/images/archiveImages'
import { ImageEvents, type TimedStatus } from '../../../src/main/core/images/imageEvents'
import {
  countStates,
  countStatesInSlices,
  STATUS_SLICE_MS,
} from '../../../src/main/core/images/imageStatus'
import { CLOCK_EVERY } from '../../../src/main/core/foreground'

const STATES: ImageStatus[] = ['cached', 'pending', 'failed', 'blocked', 'not-cached']

function images(n: number): Map<string, RemoteImage> {
  const map = new Map<string, RemoteImage>()
  for (let i = 0; i < n; i++)
    map.set(`k${i}`, { url: `https://h${i % 7}.example/${i}.jpg`, host: `h${i % 7}` })
  return map
}
const statusOf = (key: string): ImageStatus =>
  STATES[Number(key.slice(1)) % STATES.length] as ImageStatus

/** The same status, after `ms` of busy work (the cost of a lookup on a busy thread). */
function slowStatusOf(ms: number): (key: string) => ImageStatus {
  return (key) => {
    const until = performance.now() + ms
    while (performance.now() < until);
    return statusOf(key)
  }
}

function status(total: number): ImageCacheStatus {
  return { total, cached: 0, pending: 0, failed: 0, blocked: 0, bytes: 0, running: false }
}

describe('counting image states', () => {
  it('counts in slices exactly what one pass counts', async () => {
    const all = images(40_123)
    const sliced = await countStatesInSlices(all, slowStatusOf(0.0005), () => true)
    expect(sliced?.counts).toEqual(countStates(all, statusOf))
    expect(sliced?.counts).toMatchObject({ total: all.size, cached: 8025, blocked: 8024 })
    expect(sliced?.busyMs).toBeGreaterThan(0)
  })

  it('slices by time: a slow status never holds the thread much longer than a slice', async () => {
    // 20 µs an image, as on a busy thread with cold caches: 1,500 images are ~30 ms of work,
    // fewer images than one count-based slice would ever hold.
    const all = images(1_500)
    const slow = slowStatusOf(0.02)
    let calls = 0
    const counted = (key: string): ImageStatus => {
      calls++
      return slow(key)
    }
    // Images counted between two turns of the event loop: the work of one slice. Counted in
    // images, not in milliseconds, so that a machine busy with other processes (which only
    // makes each image take longer in real time) cannot fail it.
    const perTurn: number[] = []
    let ticking = true
    const tick = (): void => {
      if (calls > 0) perTurn.push(calls)
      calls = 0
      if (ticking) setImmediate(tick)
    }
    setImmediate(tick)
    const pass = await countStatesInSlices(all, counted, () => true)
    ticking = false
    tick()
    expect(pass?.counts).toEqual(countStates(all, statusOf))
    expect(perTurn.reduce((a, b) => a + b, 0)).toBe(1_500)
    expect(perTurn.length).toBeGreaterThanOrEqual(5)
    // A slice ends at the first clock reading (one every CLOCK_EVERY images) past its budget.
    const atMost = Math.ceil(STATUS_SLICE_MS / 0.02 / CLOCK_EVERY) * CLOCK_EVERY
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(atMost)
  })

  it('gives up when the archive changed meanwhile', async () => {
    let current = true
    const counting = countStatesInSlices(images(2_000), slowStatusOf(0.02), () => current)
    current = false
    expect(await counting).toBeNull()
  })
})

describe('ImageEvents with a costly status', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('sends a sliced status when it resolves, and spaces the next pass by its cost', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    const sent: ArchiveEvent[] = []
    let passes = 0
    const events = new ImageEvents(
      (event) => sent.push(event),
      () => {
        passes++
        return Promise.resolve<TimedStatus>({ status: status(passes), busyMs: 40 })
      },
      250,
    )
    events.progress()
    await vi.advanceTimersByTimeAsync(250)
    expect(sent).toEqual([{ type: 'cache-progress', ...status(1) }])
    events.progress()
    await vi.advanceTimersByTimeAsync(250)
    expect(passes).toBe(1) // 40 ms of work: no new pass for 20 × 40 = 800 ms
    await vi.advanceTimersByTimeAsync(600)
    expect(passes).toBe(2)
    expect(sent.at(-1)).toEqual({ type: 'cache-progress', ...status(2) })
    events.close()
  })

  it('sends nothing for a superseded pass, and a small status at once as before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    const sent: ArchiveEvent[] = []
    let large = true
    const events = new ImageEvents(
      (event) => sent.push(event),
      () => (large ? Promise.resolve(null) : status(3)),
      250,
    )
    events.progress()
    await vi.advanceTimersByTimeAsync(250)
    expect(sent).toEqual([])
    large = false
    events.progress()
    events.flush()
    expect(sent).toEqual([{ type: 'cache-progress', ...status(3) }])
    events.close()
  })
})
