/**
 * The IPC adapter, generated from the method table: one `ipcMain.handle` channel per contract
 * method (callChannel), each checking who is calling, then dispatching to the engine with the
 * same argument checks as serve mode. Takes its ipcMain as a parameter, so tests pass a fake.
 */
import type { IpcMainInvokeEvent } from 'electron'
import { callChannel } from '../../shared/contract/bridge'
import type { ArchiveApi } from '../../shared/contract/api'
import { dispatch } from '../../shared/contract/dispatch'
import { METHOD_NAMES } from '../../shared/contract/methods'
import type { Result } from '../../shared/errors'
import { createLogger } from '../core/log'
import type { SenderInfo } from './security'

const log = createLogger('ipc')

/** The part of Electron's ipcMain the adapter uses. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown,
  ): void
  removeHandler(channel: string): void
}

/** The sender of an invoke, as the pure policy (isAllowedSender) sees it. */
export function senderInfoOf(
  event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>,
  isOurWebContents: (id: number) => boolean,
): SenderInfo {
  const frame = event.senderFrame
  return {
    frameUrl: frame ? frame.url : null,
    isMainFrame: frame !== null && frame.parent === null,
    isOurWindow: isOurWebContents(event.sender.id),
  }
}

/**
 * Registers one handler per METHODS entry. Returns the function that removes them all.
 * A refused sender gets UNAUTHORIZED (logged): a page that is not ours must learn nothing.
 */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  api: ArchiveApi,
  isAllowed: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  const channels: string[] = []
  for (const method of METHOD_NAMES) {
    const channel = callChannel(method)
    ipcMain.handle(channel, async (event, arg): Promise<Result<unknown>> => {
      if (!isAllowed(event)) {
        log.warn(`refused ${method} from ${event.senderFrame?.url ?? 'a destroyed frame'}`)
        return {
          ok: false,
          error: { code: 'UNAUTHORIZED', message: 'ipc: this page may not call the engine' },
        }
      }
      const result = await dispatch(api, method, arg)
      if (!result.ok && result.error.code === 'INTERNAL')
        log.error(`${method} failed`, result.error.message)
      return result
    })
    channels.push(channel)
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel)
  }
}
