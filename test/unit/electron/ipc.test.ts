import type { IpcMainInvokeEvent } from 'electron'
import { describe, expect, it } from 'vitest'
import { registerIpcHandlers, senderInfoOf, type IpcMainLike } from '../../../src/main/electron/ipc'
import { callChannel } from '../../../src/shared/contract/bridge'
import { METHOD_NAMES, METHODS } from '../../../src/shared/contract/methods'
import type { Result } from '../../../src/shared/errors'
import { createFakeApi, sampleArgs } from '../../support/fakeApi'

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown

function fakeIpcMain() {
  const handlers = new Map<string, Handler>()
  const ipc: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      handlers.set(channel, listener)
    },
    removeHandler(channel) {
      handlers.delete(channel)
    },
  }
  return { ipc, handlers }
}

function fakeEvent(
  url: string | null,
  options: { parent?: object | null; senderId?: number } = {},
) {
  const frame = url === null ? null : { url, parent: options.parent ?? null }
  return {
    senderFrame: frame,
    sender: { id: options.senderId ?? 1 },
  } as unknown as IpcMainInvokeEvent
}

const APP = 'file:///app/out/renderer/index.html'

describe('IPC handlers from the method table', () => {
  it('registers exactly one channel per METHODS entry', () => {
    const { ipc, handlers } = fakeIpcMain()
    registerIpcHandlers(ipc, createFakeApi(), () => true)
    const expected = Object.keys(METHODS).map((method) =>
      callChannel(method as keyof typeof METHODS),
    )
    expect([...handlers.keys()].sort()).toEqual(expected.sort())
    expect(handlers.size).toBe(METHOD_NAMES.length)
  })

  it('routes each channel to its method, with the argument', async () => {
    const { ipc, handlers } = fakeIpcMain()
    const api = createFakeApi()
    registerIpcHandlers(ipc, api, () => true)
    await api.openArchive({ path: '/archives/x' })
    const id = (await api.listArticles({ limit: 1 })).items[0]!.id
    const args = sampleArgs(id)
    for (const method of METHOD_NAMES) {
      api.calls.length = 0
      const result = (await handlers.get(callChannel(method))!(
        fakeEvent(APP),
        args[method],
      )) as Result<unknown>
      expect(result, method).toHaveProperty('ok')
      expect(
        api.calls.map((call) => call.method),
        method,
      ).toEqual([method])
      expect(api.calls[0]!.arg ?? undefined, method).toEqual(args[method] ?? undefined)
    }
  })

  it('refuses a sender the policy rejects, without reaching the engine', async () => {
    const { ipc, handlers } = fakeIpcMain()
    const api = createFakeApi()
    registerIpcHandlers(ipc, api, (event) => event.senderFrame?.url === APP)
    const result = (await handlers.get(callChannel('getSettings'))!(
      fakeEvent('https://evil.example/'),
    )) as Result<unknown>
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'UNAUTHORIZED' }) as unknown,
    })
    expect(api.calls).toEqual([])
  })

  it('checks argument shapes like every transport', async () => {
    const { ipc, handlers } = fakeIpcMain()
    registerIpcHandlers(ipc, createFakeApi(), () => true)
    const result = (await handlers.get(callChannel('search'))!(fakeEvent(APP), {
      q: 1,
    })) as Result<unknown>
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  })

  it('removes every handler it registered', () => {
    const { ipc, handlers } = fakeIpcMain()
    const remove = registerIpcHandlers(ipc, createFakeApi(), () => true)
    remove()
    expect(handlers.size).toBe(0)
  })
})

describe('senderInfoOf', () => {
  it('reads the frame URL, main-frame flag and window ownership', () => {
    const ours = (id: number) => id === 7
    expect(senderInfoOf(fakeEvent(APP, { senderId: 7 }), ours)).toEqual({
      frameUrl: APP,
      isMainFrame: true,
      isOurWindow: true,
    })
    expect(senderInfoOf(fakeEvent(APP, { parent: {}, senderId: 8 }), ours)).toEqual({
      frameUrl: APP,
      isMainFrame: false,
      isOurWindow: false,
    })
    expect(senderInfoOf(fakeEvent(null, { senderId: 7 }), ours)).toEqual({
      frameUrl: null,
      isMainFrame: false,
      isOurWindow: true,
    })
  })
})
