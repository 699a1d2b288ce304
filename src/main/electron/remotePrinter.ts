/**
 * The engine's PdfPrinter inside Electron's core host (a utility process, which has no windows):
 * each print job is sent to main as a 'printPdf' request, where pdfPrinter.ts prints it with
 * webContents.printToPDF. Only file paths cross; the document and the PDF stay on disk.
 */
import type { PdfPrinter, PrintJob } from '../core/export/printer'

export const PRINT_PDF_REQUEST = 'printPdf'

export function remotePdfPrinter(
  request: (name: string, arg: unknown) => Promise<unknown>,
): PdfPrinter {
  return {
    async print(job: PrintJob) {
      await request(PRINT_PDF_REQUEST, job)
    },
    async close() {
      // Main opens and destroys one hidden window per job: nothing is kept between jobs.
    },
  }
}
