/**
 * Electron's PDF printer, in main (only main has windows): the engine's print document, written
 * to its export temp folder, is loaded in a hidden sandboxed window with JavaScript off, in a
 * session of its own that refuses every request but that folder and data:, and printed with
 * printToPDF (Chromium's own printer, the same options as the Playwright printer). The core
 * host asks for it with a 'printPdf' request carrying a PrintJob (remotePrinter.ts).
 */
import { BrowserWindow, session, type Session } from 'electron'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { PRINT_DEFAULTS, isAllowedPrintUrl, mmToInches } from '../core/export/printer'
import { isSafePrintJob } from './printJobGuard'
import { printWindowOptions } from './security'

/** Folders of the print jobs in flight: the print session loads nothing outside them. */
const printFolders = new Set<string>()
let printSession: Session | null = null

function sessionForPrinting(): Session {
  if (printSession) return printSession
  const created = session.fromPartition('archive-browser-print')
  created.webRequest.onBeforeRequest((details, callback) =>
    callback({
      cancel: ![...printFolders].some((folder) => isAllowedPrintUrl(details.url, folder)),
    }),
  )
  created.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  printSession = created
  return created
}

export async function printJobToPdf(job: unknown): Promise<void> {
  if (!isSafePrintJob(job)) throw new Error('printPdf: malformed print job')
  const folder = path.dirname(job.htmlFile)
  printFolders.add(folder)
  const options = printWindowOptions()
  const window = new BrowserWindow({
    ...options,
    webPreferences: { ...options.webPreferences, session: sessionForPrinting() },
  })
  try {
    await window.loadFile(job.htmlFile)
    const pdf = await window.webContents.printToPDF({
      pageSize: job.paper,
      printBackground: PRINT_DEFAULTS.printBackground,
      margins: {
        top: mmToInches(job.marginsMm.top),
        bottom: mmToInches(job.marginsMm.bottom),
        left: mmToInches(job.marginsMm.left),
        right: mmToInches(job.marginsMm.right),
      },
      displayHeaderFooter: PRINT_DEFAULTS.displayHeaderFooter,
      headerTemplate: job.headerTemplate,
      footerTemplate: job.footerTemplate,
      generateDocumentOutline: PRINT_DEFAULTS.outline,
      generateTaggedPDF: PRINT_DEFAULTS.tagged,
    })
    await writeFile(job.pdfFile, pdf)
  } finally {
    window.destroy()
    printFolders.delete(folder)
  }
}
