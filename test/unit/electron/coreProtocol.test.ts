import { describe, expect, it } from 'vitest'
import {
  connectRemoteCore,
  isHostToMain,
  isMainToHost,
  runCoreHost,
  type HostToMain,
  type MainToHost,
} from '../../../src/main/electron/coreProtocol'
import type { Core, CoreOptions } from '../../../src/main/core/coreTypes'
import type { ArchiveEvent } from '../../../src/shared/contract/events'
import { METHOD_NAMES } from '../../../src/shared/contract/methods'
import { ApiError } from '../../../src/shared/errors'
import { sampleArgs } from '../../support/fakeApi'
import { createFakeCore, fakeChannel } from './fakes'

const KEY = 'a'.repeat(64)

function connect(factory?: (options: CoreOptions) => Promise<Core>) {
  const channel = fakeChannel<MainToHost, HostToMain>()
  const fakeCore = createFakeCore({
    [KEY]: { path: '/data/images/x.png', contentType: 'image/png' },
  })
  const seen: CoreOptions[] = []
  const host = runCoreHost(channel.b, async (options) => {
    seen.push(options)
    return factory ? factory(options) : fakeCore
  })
  const remote = connectRemoteCore(
    channel.a,
    { dataDir: '/data', watch: false },
    {
      echo: async (arg) => ({ echoed: arg }),
    },
  )
  return { channel, fakeCore, host, remote, seen }
}

describe('core host protocol', () => {
  it('sends the options once and becomes ready', async () => {
    const { remote, seen } = connect()
    await remote.ready
    expect(seen).toEqual([{ dataDir: '/data', watch: false }])
  })

  it('answers every method of the table through the port', async () => {
    const { remote, fakeCore } = connect()
    await remote.ready
    await fakeCore.fake.openArchive({ path: '/archives/x' })
    const id = (await fakeCore.fake.listArticles({ limit: 1 })).items[0]!.id
    fakeCore.fake.calls.length = 0
    const args = sampleArgs(id)
    const api = remote.core as unknown as Record<string, (arg: unknown) => Promise<unknown>>
    for (const method of METHOD_NAMES) {
      // exportPdf resolves once the fake has "written" its file; every call must settle.
      await api[method]!(args[method]).catch((error: unknown) => {
        if (!(error instanceof ApiError)) throw error
      })
    }
    const reached = new Set(fakeCore.fake.calls.map((call) => call.method))
    expect([...reached].sort()).toEqual([...METHOD_NAMES].sort())
  })

  it('returns values intact and rethrows engine errors with their code', async () => {
    const { remote } = connect()
    await remote.ready
    const settings = await remote.core.getSettings()
    expect(settings.theme).toBe('system')
    await expect(remote.core.getArticle({ id: 'no/such.md' })).rejects.toMatchObject({
      code: 'NO_ARCHIVE_OPEN',
    })
    await remote.core.openArchive({ path: '/archives/x' })
    await expect(remote.core.getArticle({ id: 'no/such.md' })).rejects.toMatchObject({
      name: 'ApiError',
      code: 'ARTICLE_NOT_FOUND',
    })
  })

  it('validates arguments on the host side like every transport', async () => {
    const { remote } = connect()
    await remote.ready
    const api = remote.core as unknown as Record<string, (arg: unknown) => Promise<unknown>>
    await expect(api.listArticles!({ limt: 3 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
  })

  it('forwards engine events to subscribers until they unsubscribe', async () => {
    const { remote, fakeCore } = connect()
    await remote.ready
    const received: ArchiveEvent[] = []
    const stop = remote.core.subscribe((event) => received.push(event))
    await remote.core.openArchive({ path: '/archives/x' })
    // Events were posted before the call's result, and the port keeps order.
    expect(received.map((event) => event.type)).toContain('archive-status')
    const count = received.length
    stop()
    fakeCore.fake.emit({ type: 'archive-status', status: 'idle' })
    await remote.core.getSettings()
    expect(received).toHaveLength(count)
  })

  it('resolves image files by key, null for unknown keys', async () => {
    const { remote } = connect()
    await remote.ready
    expect(await remote.core.imageFile(KEY)).toEqual({
      path: '/data/images/x.png',
      contentType: 'image/png',
    })
    expect(await remote.core.imageFile('b'.repeat(64))).toBeNull()
  })

  it('disposes the engine and signals the host to exit', async () => {
    const { remote, fakeCore, host } = connect()
    await remote.ready
    await remote.core.dispose()
    await host.disposed
    expect(fakeCore.disposed).toBe(1)
  })

  it('reports a factory failure as a rejected ready with its code', async () => {
    const { remote } = connect(async () => {
      throw new ApiError('ARCHIVE_UNREADABLE', 'state: cannot read the data folder')
    })
    await expect(remote.ready).rejects.toMatchObject({ code: 'ARCHIVE_UNREADABLE' })
  })

  it('fails pending and later calls when the host goes away', async () => {
    const channel = fakeChannel<MainToHost, HostToMain>()
    // No host listens: calls stay pending until disconnect.
    const remote = connectRemoteCore(channel.a, { dataDir: '/d' })
    const pending = remote.core.getSettings()
    remote.disconnect('the engine process exited (code 9)')
    await expect(pending).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringContaining('code 9') as unknown,
    })
    await expect(remote.ready).rejects.toMatchObject({ code: 'INTERNAL' })
    await expect(remote.core.getArchiveInfo()).rejects.toMatchObject({ code: 'INTERNAL' })
  })

  it('lets the host ask main for work, and reports unknown requests', async () => {
    const { remote, host } = connect()
    await remote.ready
    expect(await host.request('echo', { n: 1 })).toEqual({ echoed: { n: 1 } })
    await expect(host.request('printPdf', {})).rejects.toMatchObject({ code: 'INTERNAL' })
  })

  it('ignores malformed messages on both sides', async () => {
    const { remote, channel } = connect()
    await remote.ready
    channel.injectToA({ kind: 'result', id: 'x', result: 5 })
    channel.injectToA({ kind: 'event', event: { type: 'nonsense' } })
    channel.injectToB({ kind: 'call', id: 1 })
    channel.injectToB('hello')
    expect((await remote.core.getSettings()).theme).toBe('system')
  })
})

describe('message guards', () => {
  it('accept well-formed messages and refuse others', () => {
    expect(isMainToHost({ kind: 'call', id: 1, method: 'search', arg: {} })).toBe(true)
    expect(isMainToHost({ kind: 'call', id: 1.5, method: 'search' })).toBe(false)
    expect(isMainToHost({ kind: 'result', id: 1 })).toBe(false)
    expect(isMainToHost(null)).toBe(false)
    expect(isHostToMain({ kind: 'ready' })).toBe(true)
    expect(isHostToMain({ kind: 'result', id: 2, result: { ok: true, value: 1 } })).toBe(true)
    expect(isHostToMain({ kind: 'result', id: 2, result: { ok: false } })).toBe(false)
    expect(isHostToMain({ kind: 'init-failed', error: { code: 'INTERNAL', message: 'x' } })).toBe(
      true,
    )
    expect(
      isHostToMain({ kind: 'event', event: { type: 'archive-status', status: 'ready' } }),
    ).toBe(true)
    expect(isHostToMain({ kind: 'call', id: 1, method: 'x' })).toBe(false)
  })
})
