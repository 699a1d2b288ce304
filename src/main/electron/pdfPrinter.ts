/**
 * Electron's PDF printer: a print document (complete HTML from the engine's export composer)
 * rendered in a hidden, script-less window and printed with printToPDF. Runs in main because
 * only main has windows; the core host asks for it with a 'printPdf' request (coreProtocol.ts).
 */
import { BrowserWindow } from 'electron'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { printWindowOptions } from './security'

export interface PrintPdfRequest {
  /** A complete HTML document; images as app-img:// URLs. */
  html: string
  headerTemplate?: string
  footerTemplate?: string
}

export function isPrintPdfRequest(value: unknown): value is PrintPdfRequest {
  if (typeof value !== 'object' || value === null) return false
  const { html, headerTemplate, footerTemplate } = value as Record<string, unknown>
  const optionalString = (v: unknown) => v === undefined || typeof v === 'string'
  return (
    typeof html === 'string' && optionalString(headerTemplate) && optionalString(footerTemplate)
  )
}

/** Prints one document; resolves with the PDF bytes. Margins are in inches (tech notes, 5). */
export async function printHtmlToPdf(request: PrintPdfRequest): Promise<Uint8Array> {
  // A file, not a data: URL: print documents of thousands of articles exceed URL limits.
  const folder = await mkdtemp(path.join(os.tmpdir(), 'archive-browser-print-'))
  const file = path.join(folder, 'document.html')
  const window = new BrowserWindow(printWindowOptions())
  try {
    await writeFile(file, request.html, 'utf8')
    await window.loadFile(file)
    const pdf = await window.webContents.printToPDF({
      pageSize: 'A4',
      printBackground: true,
      margins: { top: 0.8, bottom: 0.8, left: 0.6, right: 0.6 },
      displayHeaderFooter:
        request.headerTemplate !== undefined || request.footerTemplate !== undefined,
      headerTemplate: request.headerTemplate ?? '<span></span>',
      footerTemplate: request.footerTemplate ?? '<span></span>',
      generateDocumentOutline: true,
      generateTaggedPDF: true,
    })
    return new Uint8Array(pdf)
  } finally {
    window.destroy()
    await rm(folder, { recursive: true, force: true })
  }
}
