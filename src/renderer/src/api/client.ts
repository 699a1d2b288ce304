/**
 * THE client of the contract for the whole renderer: IPC when the Electron preload exposed
 * `window.archiveApi` (src/shared/contract/bridge.ts), otherwise HTTP to the serve-mode server
 * that delivered this page (`?token=` in the page URL is passed on to API calls and image URLs).
 */
import {
  BRIDGE_GLOBAL,
  createBridgeTransport,
  type ArchiveBridge,
} from '../../../shared/contract/bridge'
import { createClient, type ArchiveClient } from '../../../shared/contract/client'
import { createHttpTransport } from '../../../shared/contract/httpTransport'
import { isMenuCommand, type MenuListener } from '../../../shared/contract/menu'

export interface AppApi {
  client: ArchiveClient
  mode: 'ipc' | 'http'
  /** The URL that shows a cached image: `app-img://cache/<key>` or `/img/<key>[?token=]`. */
  imageSrc: (key: string) => string
  /** Absolute path of a dropped file or folder (Electron only), '' when unknown. */
  pathForFile: ((file: File) => string) | null
  /** Native menu commands (Electron only); returns the unsubscribe function. */
  onMenu: (listener: MenuListener) => () => void
}

function getBridge(win: Window): ArchiveBridge | null {
  const candidate = (win as unknown as Record<string, unknown>)[BRIDGE_GLOBAL]
  if (typeof candidate !== 'object' || candidate === null) return null
  const bridge = candidate as Partial<ArchiveBridge>
  return typeof bridge.call === 'function' && typeof bridge.onEvent === 'function'
    ? (bridge as ArchiveBridge)
    : null
}

export function createAppApi(win: Window): AppApi {
  const bridge = getBridge(win)
  if (bridge) {
    return {
      client: createClient(createBridgeTransport(bridge)),
      mode: 'ipc',
      imageSrc: (key) => `app-img://cache/${encodeURIComponent(key)}`,
      pathForFile:
        typeof bridge.pathForFile === 'function' ? (file) => bridge.pathForFile(file) : null,
      onMenu(listener) {
        if (typeof bridge.onMenu !== 'function') return () => undefined
        // Checked again here: the command crossed a process boundary.
        return bridge.onMenu((command) => {
          if (isMenuCommand(command)) listener(command)
        })
      },
    }
  }
  const token = new URLSearchParams(win.location.search).get('token') ?? undefined
  const query = token ? `?token=${encodeURIComponent(token)}` : ''
  return {
    client: createClient(createHttpTransport({ token })),
    mode: 'http',
    imageSrc: (key) => `/img/${encodeURIComponent(key)}${query}`,
    pathForFile: null,
    onMenu: () => () => undefined,
  }
}
