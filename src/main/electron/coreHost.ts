/**
 * Entry of the core host (an Electron utilityProcess, built to out/main/coreHost.js): runs the
 * engine and answers main over `process.parentPort` with the protocol of coreProtocol.ts.
 * Never imports `electron` at run time: a utility process is plain Node plus parentPort.
 */
import type {} from 'electron' // types only: declares process.parentPort
import { createCore } from '../core/createCore'
import { createLogger } from '../core/log'
import { runCoreHost, type HostToMain, type PortLike } from './coreProtocol'
import { remotePdfPrinter } from './remotePrinter'

const log = createLogger('core-host')

const parentPort = process.parentPort
const port: PortLike<unknown, HostToMain> = {
  post: (message) => parentPort.postMessage(message),
  onMessage(listener) {
    const onMessage = (event: { data: unknown }) => listener(event.data)
    parentPort.on('message', onMessage)
    return () => parentPort.off('message', onMessage)
  },
}

// PDF export needs a window, which only main has: the engine's printer asks main to print each
// job (remotePrinter.ts -> 'printPdf' -> pdfPrinter.ts).
const host = runCoreHost(port, (options, host) =>
  createCore({ ...options, pdfPrinter: remotePdfPrinter(host.request) }),
)

host.disposed.then(
  () => process.exit(0),
  (error: unknown) => {
    log.error('dispose failed', error)
    process.exit(1)
  },
)
