/**
 * Reads one article file and parses it. Never throws for a file problem: a file
 * that vanished, cannot be read, is empty, binary or too large still becomes an
 * Article, with an issue saying why. Opens read-only and reads at most
 * options.maxFileBytes through a file handle, so a stray multi-GB file costs
 * only the limit.
 */
import { constants } from 'node:fs'
import { lstat, open, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import type { Article } from '../../../shared/types/article'
import type { ReadOptions } from './options'
import { emptyArticle, parseArticle } from './parseArticle'

// O_NONBLOCK: opening a FIFO (or a symlink to one) must not hang the scan. A no-op for regular files.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)

export async function readArticle(root: string, id: string, options: ReadOptions): Promise<Article> {
  const segments = id.split('/')
  if (id === '' || segments.some((segment) => segment === '..' || segment === '') || id.includes('\0')) {
    return unreadable(id, options, 'archive: the id is not a path inside the archive.')
  }
  const filePath = path.join(root, ...segments)

  let handle: FileHandle | null = null
  try {
    const link = await lstat(filePath)
    if (link.isDirectory()) return unreadable(id, options, 'archive: cannot read the file (EISDIR: it is a folder).', link.mtimeMs)
    if (!link.isFile() && !link.isSymbolicLink()) {
      return unreadable(id, options, 'archive: cannot read the file (it is not a regular file).', link.mtimeMs)
    }
    handle = await open(filePath, OPEN_FLAGS)
    const info = await handle.stat()
    if (info.isDirectory()) return unreadable(id, options, 'archive: cannot read the file (EISDIR: it is a folder).', info.mtimeMs)
    if (!info.isFile()) return unreadable(id, options, 'archive: cannot read the file (it is not a regular file).', info.mtimeMs)

    const limit = Math.max(0, options.maxFileBytes)
    const wanted = Math.min(info.size, limit)
    const buffer = Buffer.allocUnsafe(wanted)
    let filled = 0
    // The file may shrink while being read; stop at its end.
    while (filled < wanted) {
      const { bytesRead } = await handle.read(buffer, filled, wanted - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return parseArticle(
      { id, bytes: buffer.subarray(0, filled), size: info.size, mtimeMs: info.mtimeMs, truncated: info.size > limit },
      options,
    )
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN'
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return emptyArticle(id, 0, 0, '', options, [
        { code: 'FILE_VANISHED', message: 'archive: the file disappeared before it could be read.' },
      ])
    }
    const reason = error instanceof Error ? error.message : String(error)
    return unreadable(id, options, `archive: cannot read the file (${code}: ${reason}).`)
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

/** Unreadable files get an empty hash: the SHA-1 of no bytes would match every empty file in rename detection. */
function unreadable(id: string, options: ReadOptions, message: string, mtimeMs = 0): Article {
  return emptyArticle(id, 0, mtimeMs, '', options, [{ code: 'FILE_UNREADABLE', message }])
}
