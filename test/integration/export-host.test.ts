/**
 * The Electron export path without Electron: the core host (from source, in a child process,
 * with the parentPort shim standing in for utilityProcess) runs the engine, whose printer asks
 * "main" to print each job over the real protocol; here main's 'printPdf' handler prints with
 * the Playwright printer instead of webContents.printToPDF, after the same job check main does.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPlaywrightPrinter, findChromium } from '../../src/main/core/export/playwrightPrinter'
import type { PdfPrinter } from '../../src/main/core/export/printer'
import {
  connectRemoteCore,
  type MainToHost,
  type PortLike,
  type RemoteCore,
} from '../../src/main/electron/coreProtocol'
import { isSafePrintJob } from '../../src/main/electron/printJobGuard'
import { PRINT_PDF_REQUEST } from '../../src/main/electron/remotePrinter'
import { missingPdfTools, pdfOutline } from '../support/pdfTools'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { waitFor } from '../support/waitFor'

const root = path.resolve(import.meta.dirname, '..', '..')
// Like test/fixtures/electron/parent-port-shim.cjs, but holding messages until the host listens:
// from source (tsx) the host takes longer to load than main takes to send `init`.
const BUFFERED_SHIM = `'use strict'
const { EventEmitter } = require('node:events')
const parentPort = new EventEmitter()
const early = []
parentPort.postMessage = (message) => process.send(message)
parentPort.on('newListener', (name) => {
  if (name === 'message') setImmediate(() => early.splice(0).forEach((data) => parentPort.emit('message', { data })))
})
process.on('message', (data) => (parentPort.listenerCount('message') ? parentPort.emit('message', { data }) : early.push(data)))
process.parentPort = parentPort
`
const missing = [...(findChromium() ? [] : ['Chromium']), ...missingPdfTools()]
if (missing.length > 0)
  process.stdout.write(`export host test skipped: ${missing.join(', ')} not installed\n`)

describe.skipIf(missing.length > 0)('export through the core host', () => {
  let archive = ''
  let dataDir = ''
  let child: ChildProcess
  let remote: RemoteCore
  let printer: PdfPrinter
  const jobs: unknown[] = []

  beforeAll(async () => {
    archive = await makeTempDir('archive-browser-export-host-')
    dataDir = await makeTempDir('archive-browser-export-host-data-')
    const shim = path.join(dataDir, 'shim.cjs')
    await writeFile(shim, BUFFERED_SHIM)
    await writeTree(archive, {
      'a/一.md': articleText({ title: '第一篇', body: '<p>一的正文。</p>' }),
      'b/二.md': articleText({ title: '第二篇', body: '<p>二的正文。</p>' }),
    })
    printer = createPlaywrightPrinter()
    child = fork(path.join(root, 'src/main/electron/coreHost.ts'), [], {
      execArgv: ['-r', shim, '--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    const port: PortLike<unknown, MainToHost> = {
      post: (message) => void child.send(message),
      onMessage(listener) {
        child.on('message', listener)
        return () => child.off('message', listener)
      },
    }
    remote = connectRemoteCore(
      port,
      { dataDir, watch: false, images: { offline: true, background: false } },
      {
        [PRINT_PDF_REQUEST]: async (job) => {
          jobs.push(job)
          if (!isSafePrintJob(job)) throw new Error('printPdf: malformed print job')
          await printer.print(job)
        },
      },
    )
    await remote.ready
  })

  afterAll(async () => {
    await remote.core.dispose().catch(() => undefined)
    if (child.exitCode === null) child.kill()
    await printer.close()
    await Promise.all([removeDir(archive), removeDir(dataDir)])
  })

  it('prints every job in "main" and writes the merged book', async () => {
    const { core } = remote
    await core.openArchive({ path: archive })
    await waitFor(async () => (await core.getArchiveInfo())?.status === 'ready', 'the scan')
    const destination = path.join(dataDir, 'book.pdf')
    const result = await core.exportPdf({ ids: ['b/二.md', 'a/一.md'], destination })
    expect(result.files).toEqual([destination])
    expect(jobs.length).toBeGreaterThan(0)
    expect(jobs.every((job) => isSafePrintJob(job))).toBe(true)
    expect(pdfOutline(destination).map((o) => o.title)).toEqual(['第二篇', '第一篇'])
  })
})
