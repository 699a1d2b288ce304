/**
 * Main trusts a print job from the core host only when both of its files sit in one export temp
 * folder: a print request can never make main read or write anywhere else. Pure (no electron),
 * so plain-Node tests cover it.
 */
import os from 'node:os'
import path from 'node:path'
import { isPrintJob, type PrintJob } from '../core/export/printer'

/** A job whose files both sit in one export temp folder (never anywhere else on disk). */
export function isSafePrintJob(value: unknown, tmpdir: string = os.tmpdir()): value is PrintJob {
  if (!isPrintJob(value)) return false
  const folder = path.dirname(value.htmlFile)
  return (
    path.isAbsolute(value.htmlFile) &&
    path.dirname(value.pdfFile) === folder &&
    path.dirname(folder) === path.resolve(tmpdir) &&
    path.basename(folder).startsWith('archive-browser-export-') &&
    value.htmlFile.endsWith('.html') &&
    value.pdfFile.endsWith('.pdf')
  )
}
