/**
 * Where serve mode lets exportPdf write. On loopback the browser and the server are the same
 * user on the same machine, as with the desktop app: anywhere that user can (never inside the
 * archive, never over anything but a PDF). Bound beyond loopback, anyone holding the token
 * would otherwise create PDFs wherever the server's user can write, so exports are off unless
 * `--export-dir` names the one folder they may go to (with it, on loopback too).
 */
import path from 'node:path'
import type { ExportPlaces } from '../core/export/exportDestination'
import { isLoopbackHost } from './auth'

export function serveExportPlaces(host: string, exportDir: string | undefined): ExportPlaces {
  if (exportDir !== undefined && exportDir.trim() !== '') return { folder: path.resolve(exportDir) }
  if (isLoopbackHost(host)) return 'anywhere'
  return {
    refused:
      `serve mode is reachable beyond this machine (--host ${host}), so PDF export is off. ` +
      'Restart it with --export-dir DIR to allow exports into DIR.',
  }
}
