/**
 * The list thumbnails' cache states: asked in one getImageStates call per frame (at most 2,000
 * keys a call), remembered, and forgotten when the engine says an image changed.
 */
import { describe, expect, it } from 'vitest'
import type { ImageState, ImageStatesRequest } from '../../../src/shared/contract/api'
import type { ArchiveEvent, EventListener } from '../../../src/shared/contract/events'
import { createThumbnailStates } from '../../../src/renderer/src/features/library/thumbnailStates'

const key = (n: number) => n.toString(16).padStart(64, '0')
const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

function fakeClient(cached: Set<string>) {
  const calls: string[][] = []
  const listeners = new Set<EventListener>()
  return {
    calls,
    emit: (event: ArchiveEvent) => listeners.forEach((listener) => listener(event)),
    client: {
      async getImageStates({ keys }: ImageStatesRequest): Promise<ImageState[]> {
        calls.push(keys)
        return keys.map((k) => ({ key: k, status: cached.has(k) ? 'cached' : 'not-cached' }))
      },
      onEvent(listener: EventListener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
  }
}

describe('thumbnail states', () => {
  it('asks for the keys of one frame in one call, once each', async () => {
    const fake = fakeClient(new Set([key(1)]))
    const states = createThumbnailStates(fake.client)
    let notified = 0
    states.subscribe(() => notified++)
    for (let n = 0; n < 20; n++) states.request(key(n))
    states.request(key(1))
    expect(states.status(key(1))).toBeUndefined()
    await tick()
    expect(fake.calls).toHaveLength(1)
    expect(fake.calls[0]).toHaveLength(20)
    expect(states.status(key(1))).toBe('cached')
    expect(states.status(key(2))).toBe('not-cached')
    expect(notified).toBe(1)
    states.request(key(1))
    await tick()
    expect(fake.calls).toHaveLength(1)
  })

  it('splits a large frame at the contract limit of 2,000 keys', async () => {
    const fake = fakeClient(new Set())
    const states = createThumbnailStates(fake.client)
    for (let n = 0; n < 2500; n++) states.request(key(n))
    await tick()
    await tick()
    expect(fake.calls.map((keys) => keys.length)).toEqual([2000, 500])
  })

  it('forgets what an images-changed event names, and all but cached ones on "more"', async () => {
    const cached = new Set([key(1)])
    const fake = fakeClient(cached)
    const states = createThumbnailStates(fake.client)
    for (const n of [1, 2, 3]) states.request(key(n))
    await tick()
    let notified = 0
    states.subscribe(() => notified++)
    fake.emit({ type: 'images-changed', keys: [key(2)], more: false })
    expect(states.status(key(2))).toBeUndefined()
    expect(states.status(key(3))).toBe('not-cached')
    expect(notified).toBe(1)
    cached.add(key(2))
    states.request(key(2))
    await tick()
    expect(states.status(key(2))).toBe('cached')
    fake.emit({ type: 'images-changed', keys: [], more: true })
    expect([1, 2, 3].map((n) => states.status(key(n)))).toEqual(['cached', 'cached', undefined])
    expect(notified).toBe(3) // the event, the answer, "more"
    fake.emit({ type: 'images-changed', keys: [key(9)], more: false })
    expect(notified).toBe(3) // nothing known was forgotten
  })
})
