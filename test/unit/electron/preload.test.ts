/**
 * The preload with a mocked `electron` (the real module would try to download the runtime):
 * checks the exposed bridge's exact shape and that only the table's channels are reachable.
 */
import { describe, expect, it, vi } from 'vitest'
import {
  callChannel,
  EVENT_CHANNEL,
  MENU_CHANNEL,
  type ArchiveBridge,
} from '../../../src/shared/contract/bridge'

type Listener = (event: unknown, value: unknown) => void

const mocks = vi.hoisted(() => {
  const exposed = new Map<string, unknown>()
  const listeners = new Map<string, Set<Listener>>()
  const invoked: [string, unknown][] = []
  return {
    exposed,
    listeners,
    invoked,
    electron: {
      contextBridge: {
        exposeInMainWorld: (name: string, value: unknown) => exposed.set(name, value),
      },
      ipcRenderer: {
        invoke: async (channel: string, arg: unknown) => {
          invoked.push([channel, arg])
          if (channel.endsWith(':getArchiveInfo')) return { ok: true, value: null }
          if (channel.endsWith(':getSettings')) return 'not a result'
          throw new Error('No handler registered')
        },
        on: (channel: string, listener: Listener) => {
          if (!listeners.has(channel)) listeners.set(channel, new Set())
          listeners.get(channel)!.add(listener)
        },
        removeListener: (channel: string, listener: Listener) =>
          listeners.get(channel)?.delete(listener),
      },
      webUtils: {
        getPathForFile: (file: { path?: string }) => {
          if (!file.path) throw new Error('not a File')
          return file.path
        },
      },
    },
  }
})

vi.mock('electron', () => mocks.electron)

async function loadBridge(): Promise<ArchiveBridge> {
  await import('../../../src/preload/index')
  return mocks.exposed.get('archiveApi') as ArchiveBridge
}

function push(channel: string, value: unknown): void {
  for (const listener of mocks.listeners.get(channel) ?? []) listener({}, value)
}

describe('preload bridge', () => {
  it('exposes exactly call, onEvent, onMenu and pathForFile as window.archiveApi', async () => {
    const bridge = await loadBridge()
    expect([...mocks.exposed.keys()]).toEqual(['archiveApi'])
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onEvent', 'onMenu', 'pathForFile'])
  })

  it('invokes only the method table channels and always resolves a Result', async () => {
    const bridge = await loadBridge()
    expect(await bridge.call('getArchiveInfo')).toEqual({ ok: true, value: null })
    expect(mocks.invoked.at(-1)).toEqual([callChannel('getArchiveInfo'), undefined])
    const before = mocks.invoked.length
    const unknown = await bridge.call('__proto__' as never, {})
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    expect(mocks.invoked).toHaveLength(before)
    expect(await bridge.call('getSettings')).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    })
    expect(await bridge.call('getHealth')).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })

  it('delivers well-formed events and menu commands until unsubscribed', async () => {
    const bridge = await loadBridge()
    const events: unknown[] = []
    const menus: unknown[] = []
    const stopEvents = bridge.onEvent((event) => events.push(event))
    const stopMenus = bridge.onMenu((command) => menus.push(command))
    push(EVENT_CHANNEL, { type: 'archive-status', status: 'ready' })
    push(EVENT_CHANNEL, { type: 'forged' })
    push(MENU_CHANNEL, { type: 'find' })
    push(MENU_CHANNEL, { type: 'export-pdf' })
    stopEvents()
    stopMenus()
    push(EVENT_CHANNEL, { type: 'archive-status', status: 'idle' })
    push(MENU_CHANNEL, { type: 'find' })
    expect(events).toEqual([{ type: 'archive-status', status: 'ready' }])
    expect(menus).toEqual([{ type: 'find' }])
  })

  it('returns the path of a dropped file, or an empty string', async () => {
    const bridge = await loadBridge()
    expect(bridge.pathForFile({ path: '/home/me/archive' })).toBe('/home/me/archive')
    expect(bridge.pathForFile({})).toBe('')
  })
})
