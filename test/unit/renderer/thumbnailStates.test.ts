/**
 * The list thumbnails' cache states: asked in one getImageStates call per frame (at most 2,000
 * keys a call), remembered, and forgotten when the engine says an image changed.
 */
import { describe, expect, it } from 'vitest'
import type { ImageState, ImageStatesRequest } from '../../../src/shared/contract/api'
import type { ClientEvent, ClientEventListener } from '../../../src/shared/contract/events'
import { createThumbnailStates } from '../../../src/renderer/src/features/library/thumbnailStates'

const key = (n: number) => n.toString(16).padStart(64, '0')
const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

/**
 * An engine whose cache is `cached`. Each call reads the cache when it is made; with `held`, its
 * answer waits until `release()` (a call in flight while the cache changes), and with `down`, it
 * fails (the server is away).
 */
function fakeClient(cached: Set<string>) {
  const calls: string[][] = []
  const listeners = new Set<ClientEventListener>()
  const waiting: (() => void)[] = []
  const fake = {
    calls,
    held: false,
    down: false,
    release: () => waiting.splice(0).forEach((go) => go()),
    emit: (event: ClientEvent) => listeners.forEach((listener) => listener(event)),
    client: {
      async getImageStates({ keys }: ImageStatesRequest): Promise<ImageState[]> {
        calls.push(keys)
        if (fake.down) throw new Error('fetch failed')
        const states = keys.map((k): ImageState => ({
          key: k,
          status: cached.has(k) ? 'cached' : 'not-cached',
        }))
        if (fake.held) await new Promise<void>((resolve) => waiting.push(resolve))
        return states
      },
      onEvent(listener: ClientEventListener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
  }
  return fake
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

  it('an answer asked before an images-changed event naming its key is asked again', async () => {
    const cached = new Set<string>()
    const fake = fakeClient(cached)
    const states = createThumbnailStates(fake.client)
    fake.held = true
    states.request(key(1))
    states.request(key(2))
    await tick()
    expect(fake.calls).toHaveLength(1)
    // Downloaded while the engine's answer ('not-cached') is on its way.
    cached.add(key(1))
    fake.emit({ type: 'images-changed', keys: [key(1)], more: false })
    fake.held = false
    fake.release()
    await tick()
    // Key 2's answer stands; key 1's was asked again, and is right now.
    expect(fake.calls).toEqual([[key(1), key(2)], [key(1)]])
    expect(states.status(key(1))).toBe('cached')
    expect(states.status(key(2))).toBe('not-cached')
  })

  it('"more" drops every answer on its way', async () => {
    const cached = new Set<string>()
    const fake = fakeClient(cached)
    const states = createThumbnailStates(fake.client)
    fake.held = true
    states.request(key(1))
    await tick()
    cached.add(key(1))
    fake.emit({ type: 'images-changed', keys: [], more: true })
    fake.held = false
    fake.release()
    await tick()
    expect(fake.calls).toHaveLength(2)
    expect(states.status(key(1))).toBe('cached')
  })

  it('catches up when the event stream comes back: not-cached forgotten, failed asked again', async () => {
    const cached = new Set([key(1)])
    const fake = fakeClient(cached)
    const states = createThumbnailStates(fake.client)
    for (const n of [1, 2]) states.request(key(n))
    await tick()
    fake.down = true
    states.request(key(3))
    await tick()
    expect(states.status(key(3))).toBeUndefined()
    let notified = 0
    states.subscribe(() => notified++)

    // Downloaded while the stream was down: no images-changed event ever says so.
    cached.add(key(2))
    cached.add(key(3))
    fake.emit({ type: 'connection', state: 'lost' })
    expect(states.status(key(2))).toBe('not-cached')
    fake.down = false
    fake.emit({ type: 'connection', state: 'restored' })
    expect(states.status(key(1))).toBe('cached')
    expect(states.status(key(2))).toBeUndefined()
    expect(notified).toBe(1)
    // Key 2's row asks again as its status became unknown; key 3's had nothing to notice.
    states.request(key(2))
    await tick()
    expect(fake.calls.slice(2).flat().sort()).toEqual([key(2), key(3)])
    expect(states.status(key(2))).toBe('cached')
    expect(states.status(key(3))).toBe('cached')
  })
})
