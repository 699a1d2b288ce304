import { describe, expect, it } from 'vitest'
import { createCoreRelay, shouldRestart } from '../../../src/main/electron/coreRelay'
import type { ArchiveEvent } from '../../../src/shared/contract/events'
import { METHOD_NAMES } from '../../../src/shared/contract/methods'
import { createFakeCore } from './fakes'

describe('core relay', () => {
  it('delegates every method of the table to the attached core', async () => {
    const relay = createCoreRelay()
    const engine = createFakeCore()
    relay.attach(engine)
    const api = relay.core as unknown as Record<string, unknown>
    for (const method of METHOD_NAMES) expect(typeof api[method], method).toBe('function')
    await relay.core.openArchive({ path: '/archives/a' })
    expect((await relay.core.getArchiveInfo())?.path).toBe('/archives/a')
    expect(engine.fake.calls.map((call) => call.method)).toEqual(['openArchive', 'getArchiveInfo'])
  })

  it('fails calls with INTERNAL while no core is attached', async () => {
    const relay = createCoreRelay()
    await expect(relay.core.getSettings()).rejects.toMatchObject({ code: 'INTERNAL' })
    relay.attach(createFakeCore())
    relay.detach()
    await expect(relay.core.imageFile('a'.repeat(64))).rejects.toMatchObject({ code: 'INTERNAL' })
  })

  it('keeps its listeners across a replacement, hearing only the live core', () => {
    const relay = createCoreRelay()
    const first = createFakeCore()
    const second = createFakeCore()
    const heard: ArchiveEvent[] = []
    relay.core.subscribe((event) => heard.push(event))
    relay.attach(first)
    first.fake.emit({ type: 'archive-status', status: 'scanning' })
    relay.detach()
    first.fake.emit({ type: 'archive-status', status: 'missing' })
    relay.attach(second)
    second.fake.emit({ type: 'archive-status', status: 'ready' })
    expect(heard.map((event) => (event as { status: string }).status)).toEqual([
      'scanning',
      'ready',
    ])
  })
})

describe('shouldRestart', () => {
  it('restarts until the crashes pile up within the window', () => {
    const now = 1_000_000
    expect(shouldRestart([], now)).toBe(true)
    expect(shouldRestart([now - 1000, now - 2000], now)).toBe(true)
    expect(shouldRestart([now - 1000, now - 2000, now - 3000], now)).toBe(false)
    expect(shouldRestart([now - 10 * 60_000, now - 2000, now - 3000], now)).toBe(true)
  })
})
