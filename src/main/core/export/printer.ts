/**
 * The PdfPrinter port: how the engine turns a print document into a PDF. Two implementations
 * use Chromium's own PDF printer with the same options: Electron's webContents.printToPDF (in
 * main, reached over the core host's request channel) and Playwright driving a system Chromium
 * (serve mode and the CLI). The engine only hands over file paths, so no document or PDF bytes
 * cross a process boundary.
 */
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ExportMargins, PaperSize } from '../../../shared/contract/api'

export interface PrintJob {
  /** Absolute path of the print document (complete HTML); its images sit in the same folder. */
  htmlFile: string
  /** Absolute path the PDF is written to (inside the export's temp folder). */
  pdfFile: string
  paper: PaperSize
  marginsMm: ExportMargins
  /** Chromium header/footer templates (always shown; explicit font sizes). */
  headerTemplate: string
  footerTemplate: string
}

export interface PdfPrinter {
  /**
   * Prints one document with JavaScript off, every request but the document's own folder and
   * data: refused, an outline from the headings (`outline`/`generateDocumentOutline`) and tags.
   * `signal` stops a print in flight where the implementation can (the job is abandoned anyway).
   */
  print(job: PrintJob, signal?: AbortSignal): Promise<void>
  /** Frees the browser, if one is kept between jobs. */
  close(): Promise<void>
}

/** Millimetres → inches (Electron's margins unit). */
export const mmToInches = (mm: number): number => mm / 25.4

/** Printer options both implementations share (Chromium's names differ only in spelling). */
export const PRINT_DEFAULTS = {
  printBackground: true,
  displayHeaderFooter: true,
  outline: true,
  tagged: true,
} as const

/** True for a plain-data PrintJob (checked where one crosses a process boundary). */
export function isPrintJob(value: unknown): value is PrintJob {
  if (typeof value !== 'object' || value === null) return false
  const job = value as Record<string, unknown>
  const margins = job.marginsMm as Record<string, unknown> | null | undefined
  const isMm = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100
  return (
    typeof job.htmlFile === 'string' &&
    typeof job.pdfFile === 'string' &&
    (job.paper === 'A4' || job.paper === 'Letter') &&
    typeof margins === 'object' &&
    margins !== null &&
    isMm(margins.top) &&
    isMm(margins.right) &&
    isMm(margins.bottom) &&
    isMm(margins.left) &&
    typeof job.headerTemplate === 'string' &&
    typeof job.footerTemplate === 'string'
  )
}
/**
 * True when `url` is the print document's folder (or below) or a data: URL; both printers
 * refuse every other request of the print document.
 */
export function isAllowedPrintUrl(url: string, folder: string): boolean {
  if (url.startsWith('data:')) return true
  const base = pathToFileURL(folder + path.sep).href
  return url.startsWith(base) && !url.slice(base.length).split(/[?#]/)[0]?.includes('..')
}
