/**
 * The preload: exposes `window.archiveApi` (ArchiveBridge) and nothing else. Sandboxed, so it is
 * bundled to one CommonJS file (electron.vite.config.ts) that requires only `electron`.
 * Every value crossing in either direction is checked here, at the boundary.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import {
  BRIDGE_GLOBAL,
  callChannel,
  EVENT_CHANNEL,
  MENU_CHANNEL,
  type ArchiveBridge,
} from '../shared/contract/bridge'
import { isArchiveEvent, type EventListener } from '../shared/contract/events'
import { isMenuCommand, type MenuListener } from '../shared/contract/menu'
import { isMethodName } from '../shared/contract/methods'
import { isResult } from '../shared/contract/result'
import type { Result } from '../shared/errors'

function failure(code: 'UNKNOWN_METHOD' | 'INTERNAL', message: string): Result<never> {
  return { ok: false, error: { code, message } }
}

function listen<T>(
  channel: string,
  accept: (value: unknown) => value is T,
  listener: (value: T) => void,
): () => void {
  const onMessage = (_event: IpcRendererEvent, value: unknown) => {
    if (accept(value)) listener(value)
  }
  ipcRenderer.on(channel, onMessage)
  return () => {
    ipcRenderer.removeListener(channel, onMessage)
  }
}

const bridge: ArchiveBridge = {
  async call(method, arg) {
    // Only the table's channels: a page cannot reach any other IPC channel through the bridge.
    if (!isMethodName(method)) {
      return failure(
        'UNKNOWN_METHOD',
        `preload: there is no method "${String(method).slice(0, 100)}"`,
      )
    }
    try {
      const result: unknown = await ipcRenderer.invoke(callChannel(method), arg)
      return isResult(result)
        ? result
        : failure('INTERNAL', `preload: malformed reply to ${method}`)
    } catch (error) {
      return failure(
        'INTERNAL',
        `preload: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  },
  onEvent: (listener: EventListener) => listen(EVENT_CHANNEL, isArchiveEvent, listener),
  onMenu: (listener: MenuListener) => listen(MENU_CHANNEL, isMenuCommand, listener),
  pathForFile(file) {
    try {
      return webUtils.getPathForFile(file as File)
    } catch {
      return ''
    }
  },
}

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge)
