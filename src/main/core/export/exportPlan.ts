/**
 * An export request made concrete: defaults filled in, the selection resolved to known ids,
 * the destination's form checked (absolute; a book's ends in .pdf) and the output files named.
 * Where it may be written is exportDestination.ts's business.
 */
import path from 'node:path'
import type { ExportMargins, ExportRequest, PaperSize } from '../../../shared/contract/api'
import { ApiError } from '../../../shared/errors'
import { checkPdfFileName } from './exportDestination'
import { checkNameLengths } from './fileNames'

export const DEFAULT_MARGINS_MM: ExportMargins = { top: 15, right: 12, bottom: 15, left: 12 }

export interface ExportPlan {
  ids: string[]
  perArticle: boolean
  paper: PaperSize
  marginsMm: ExportMargins
  includeImages: boolean
  includeCover: boolean
  includeToc: boolean
  overwrite: boolean
  /** The PDF (book) or the folder (per article). */
  destination: string
}

export interface SelectionSource {
  /** Ids the open archive knows; throws NO_ARCHIVE_OPEN when none is open. */
  has(id: string): boolean
  /** Every match of a query, in the search's order. */
  searchIds(query: string): Promise<string[]>
}

export async function planExport(
  request: ExportRequest,
  selection: SelectionSource,
): Promise<ExportPlan> {
  if ((request.ids === undefined) === (request.query === undefined))
    throw new ApiError('INVALID_ARGUMENT', 'export: give either `ids` or `query`, not both.')
  const destination = request.destination.trim()
  if (!path.isAbsolute(destination))
    throw new ApiError(
      'INVALID_ARGUMENT',
      `export: the destination must be an absolute path, not "${destination}".`,
    )
  const perArticle = request.perArticle ?? false
  if (!perArticle) checkPdfFileName(destination)
  checkNameLengths(path.normalize(destination))
  const ids = await resolveIds(request, selection)
  return {
    ids,
    perArticle,
    paper: request.paper ?? 'A4',
    marginsMm: request.marginsMm ?? DEFAULT_MARGINS_MM,
    includeImages: request.includeImages ?? true,
    includeCover: request.includeCover ?? true,
    includeToc: request.includeToc ?? true,
    overwrite: request.overwrite ?? false,
    destination: path.normalize(destination),
  }
}

async function resolveIds(request: ExportRequest, selection: SelectionSource): Promise<string[]> {
  const asked = request.ids ?? (await selection.searchIds(request.query ?? ''))
  const ids = [...new Set(asked)]
  if (ids.length === 0)
    throw new ApiError(
      'INVALID_ARGUMENT',
      request.query === undefined
        ? 'export: the selection is empty. Select at least one article.'
        : `export: no article matches ${JSON.stringify(request.query)}, so there is nothing to export.`,
    )
  const unknown = ids.filter((id) => !selection.has(id))
  if (unknown.length > 0) {
    const shown = unknown
      .slice(0, 5)
      .map((id) => `"${id}"`)
      .join(', ')
    throw new ApiError(
      'ARTICLE_NOT_FOUND',
      `export: ${unknown.length} of the ${ids.length} selected articles are not in the open archive: ${shown}${unknown.length > 5 ? ', …' : ''}.`,
    )
  }
  return ids
}
