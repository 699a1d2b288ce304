/**
 * Main side of the core host: forks the engine into an Electron utilityProcess and returns the
 * remote Core (coreProtocol.ts). The window's process never runs a scan or an index rebuild.
 */
import { utilityProcess, type UtilityProcess } from 'electron'
import type { CoreOptions } from '../core/coreTypes'
import { createLogger } from '../core/log'
import {
  connectRemoteCore,
  type HostRequestHandler,
  type MainToHost,
  type PortLike,
  type RemoteCore,
} from './coreProtocol'

const log = createLogger('core-process')

export interface CoreProcess extends RemoteCore {
  child: UtilityProcess
  /** Resolves with the exit code once the host process has ended. */
  exited: Promise<number>
}

export function startCoreProcess(
  hostScript: string,
  options: CoreOptions,
  handlers: Record<string, HostRequestHandler>,
): CoreProcess {
  const child = utilityProcess.fork(hostScript, [], {
    serviceName: 'Archive Browser engine',
    // The engine logs to stderr (src/main/core/log.ts); keep it visible in the terminal.
    stdio: 'inherit',
  })
  const port: PortLike<unknown, MainToHost> = {
    post: (message) => child.postMessage(message),
    onMessage(listener) {
      const onMessage = (message: unknown) => listener(message)
      child.on('message', onMessage)
      return () => child.off('message', onMessage)
    },
  }
  const remote = connectRemoteCore(port, options, handlers)
  const exited = new Promise<number>((resolve) => {
    child.once('exit', (code) => {
      if (code !== 0) log.error(`the engine process exited with code ${code}`)
      remote.disconnect(`the engine process exited (code ${code})`)
      resolve(code)
    })
  })
  return { ...remote, child, exited }
}
