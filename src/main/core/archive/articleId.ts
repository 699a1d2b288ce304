/**
 * Article ids are paths relative to the archive root with '/' separators. An id
 * that comes from outside (CLI argument, HTTP request) is checked here before
 * any file is touched: it must name an article file inside the root.
 */
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { ApiError } from '../../../shared/errors'
import { isArticleFileName } from './fileNames'

export function idToPath(root: string, id: string): string {
  return path.join(root, ...id.split('/'))
}

export function pathToId(root: string, absPath: string): string {
  return path.relative(root, absPath).split(path.sep).join('/')
}

/** Normalises an id given by a user (backslashes, './', a leading root path) and checks that it names an article. */
export async function resolveArticleId(root: string, input: string): Promise<string> {
  const candidate = path.isAbsolute(input)
    ? pathToId(root, input)
    : input.replace(/\\/g, '/').replace(/^\.\//, '')
  const segments = candidate.split('/')
  if (candidate === '' || segments.some((s) => s === '..' || s === '') || input.includes('\0')) {
    throw new ApiError(
      'ARTICLE_NOT_FOUND',
      `archive: "${input}" is not an article id inside ${root}.`,
    )
  }
  if (!isArticleFileName(segments[segments.length - 1] as string)) {
    throw new ApiError(
      'ARTICLE_NOT_FOUND',
      `archive: "${input}" is not an article file (.md, .markdown, .html, .htm).`,
    )
  }
  const info = await stat(idToPath(root, candidate)).catch(() => null)
  if (!info?.isFile()) {
    throw new ApiError('ARTICLE_NOT_FOUND', `archive: no article "${candidate}" in ${root}.`)
  }
  return candidate
}
