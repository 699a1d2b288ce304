/** The Electron printer's message plumbing: core host → main 'printPdf' request → reply. */
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  connectRemoteCore,
  runCoreHost,
  type HostToMain,
  type MainToHost,
} from '../../../src/main/electron/coreProtocol'
import { PRINT_PDF_REQUEST, remotePdfPrinter } from '../../../src/main/electron/remotePrinter'
import { isSafePrintJob } from '../../../src/main/electron/printJobGuard'
import type { PdfPrinter, PrintJob } from '../../../src/main/core/export/printer'
import { createFakeCore, fakeChannel } from '../electron/fakes'

const folder = path.join(os.tmpdir(), 'archive-browser-export-abc')
const JOB: PrintJob = {
  htmlFile: path.join(folder, 'print-0.html'),
  pdfFile: path.join(folder, 'print-0.pdf'),
  paper: 'Letter',
  marginsMm: { top: 15, right: 12, bottom: 15, left: 12 },
  headerTemplate: '<div style="font-size:8px">标题</div>',
  footerTemplate: '<div></div>',
}

function connect(handler: (arg: unknown) => Promise<unknown>) {
  const channel = fakeChannel<MainToHost, HostToMain>()
  let printer: PdfPrinter | null = null
  runCoreHost(channel.b, async (_options, host) => {
    printer = remotePdfPrinter(host.request)
    return createFakeCore({})
  })
  const remote = connectRemoteCore(
    channel.a,
    { dataDir: '/data' },
    { [PRINT_PDF_REQUEST]: handler },
  )
  return {
    printer: async () => {
      await remote.ready
      return printer as unknown as PdfPrinter
    },
  }
}

describe('the Electron printer over the core host channel', () => {
  it('sends each print job to main and resolves when main has printed it', async () => {
    const seen: unknown[] = []
    const { printer } = connect(async (arg) => {
      seen.push(arg)
      return undefined
    })
    await (await printer()).print(JOB)
    expect(seen).toEqual([JOB])
    expect(isSafePrintJob(seen[0])).toBe(true)
  })

  it("rejects with main's failure, so the export fails instead of waiting", async () => {
    const { printer } = connect(async () => {
      throw new Error('printToPDF failed')
    })
    await expect((await printer()).print(JOB)).rejects.toThrow(/printToPDF failed/)
  })

  it('refuses jobs that point outside an export temp folder', () => {
    expect(isSafePrintJob(JOB)).toBe(true)
    expect(isSafePrintJob({ ...JOB, pdfFile: '/home/user/.bashrc.pdf' })).toBe(false)
    expect(isSafePrintJob({ ...JOB, htmlFile: '/etc/passwd.html' })).toBe(false)
    expect(isSafePrintJob({ ...JOB, paper: 'A3' })).toBe(false)
    expect(isSafePrintJob({ ...JOB, marginsMm: { top: 1 } })).toBe(false)
    expect(isSafePrintJob(null)).toBe(false)
  })
})
