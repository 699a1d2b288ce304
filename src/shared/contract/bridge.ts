/**
 * The Electron bridge: what the preload exposes as `window.archiveApi` (through contextBridge),
 * and the IPC channel names both sides derive from the method table. Nothing here imports
 * Electron; the renderer turns the bridge into the typed client with createBridgeTransport.
 */
import type { Result } from '../errors'
import type { MethodName } from './api'
import type { Transport } from './client'
import type { EventListener } from './events'
import type { MenuListener } from './menu'

/** The global the preload defines. Exactly these four members, nothing else. */
export interface ArchiveBridge {
  /** One contract call; resolves with its Result, never rejects. */
  call(method: MethodName, arg?: unknown): Promise<Result<unknown>>
  /** Engine events; returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void
  /** Commands from the native menu; returns the unsubscribe function. */
  onMenu(listener: MenuListener): () => void
  /**
   * The absolute path of a dropped file or folder (a DOM `File` from a drop event), or '' when
   * it has none. Typed structurally: src/shared has no DOM types.
   */
  pathForFile(file: object): string
}

/** Name of the global: `window.archiveApi`. */
export const BRIDGE_GLOBAL = 'archiveApi'

const CALL_CHANNEL_PREFIX = 'archive:call:'

/** One IPC channel per contract method, so main registers exactly the table and nothing else. */
export function callChannel(method: MethodName): string {
  return CALL_CHANNEL_PREFIX + method
}

/** Main → renderer: engine events (ArchiveEvent). */
export const EVENT_CHANNEL = 'archive:event'
/** Main → renderer: menu commands (MenuCommand). */
export const MENU_CHANNEL = 'archive:menu'

/** The contract client's transport over the bridge: `createClient(createBridgeTransport(window.archiveApi))`. */
export function createBridgeTransport(bridge: ArchiveBridge): Transport {
  return {
    call: (method, arg) => bridge.call(method, arg),
    subscribe: (listener) => bridge.onEvent(listener),
  }
}
