/**
 * Reads one article file and parses it. Never throws for a file problem: a file
 * that vanished, cannot be read, is empty, binary or too large still becomes an
 * Article, with an issue saying why. Opens read-only and reads at most
 * options.maxFileBytes, so a stray multi-GB file costs only the limit. Size and
 * mtime come from fstat on the open descriptor (no separate lstat: one syscall
 * less per file, and no race between checking and opening).
 *
 * Two forms with the same rules: `readArticle` (async, for the thread that answers
 * the UI) and `readArticleSync` (for parse workers, where blocking is the point:
 * sync calls cost a fraction of four thread-pool round trips per file).
 */
import {
  close,
  closeSync,
  constants,
  fstat,
  fstatSync,
  open,
  openSync,
  read,
  readSync,
  type Stats,
} from 'node:fs'
import path from 'node:path'
import type { Article } from '../../../shared/types/article'
import type { ReadOptions } from './options'
import { emptyArticle, parseArticle } from './parseArticle'

// O_NONBLOCK: opening a FIFO (or a symlink to one) must not hang the scan. A no-op for regular files.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)

export async function readArticle(
  root: string,
  id: string,
  options: ReadOptions,
): Promise<Article> {
  const filePath = articlePath(root, id)
  if (filePath === null)
    return unreadable(id, options, 'archive: the id is not a path inside the archive.')
  let fd: number | null = null
  try {
    fd = await openFile(filePath)
    const info = await statFile(fd)
    const refusal = refuseNonFile(id, options, info)
    if (refusal) return refusal
    const { buffer, wanted } = allocate(info, options)
    let filled = 0
    // The file may shrink while being read; stop at its end.
    while (filled < wanted) {
      const bytesRead = await readInto(fd, buffer, filled, wanted - filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return parsed(id, buffer, filled, info, options)
  } catch (error) {
    return fromError(id, options, error)
  } finally {
    if (fd !== null) close(fd, () => undefined)
  }
}

export function readArticleSync(root: string, id: string, options: ReadOptions): Article {
  const filePath = articlePath(root, id)
  if (filePath === null)
    return unreadable(id, options, 'archive: the id is not a path inside the archive.')
  let fd: number | null = null
  try {
    fd = openSync(filePath, OPEN_FLAGS)
    const info = fstatSync(fd)
    const refusal = refuseNonFile(id, options, info)
    if (refusal) return refusal
    const { buffer, wanted } = allocate(info, options)
    let filled = 0
    while (filled < wanted) {
      const bytesRead = readSync(fd, buffer, filled, wanted - filled, filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return parsed(id, buffer, filled, info, options)
  } catch (error) {
    return fromError(id, options, error)
  } finally {
    if (fd !== null) {
      try {
        closeSync(fd)
      } catch {
        // Nothing to do: the descriptor is gone either way.
      }
    }
  }
}

/** The file of an id inside `root`, or null when the id is not a path inside it. */
export function articlePath(root: string, id: string): string | null {
  const segments = id.split('/')
  if (
    id === '' ||
    segments.some((segment) => segment === '..' || segment === '') ||
    id.includes('\0')
  )
    return null
  return path.join(root, ...segments)
}

function refuseNonFile(id: string, options: ReadOptions, info: Stats): Article | null {
  if (info.isDirectory()) {
    return unreadable(
      id,
      options,
      'archive: cannot read the file (EISDIR: it is a folder).',
      info.mtimeMs,
    )
  }
  if (!info.isFile()) {
    return unreadable(
      id,
      options,
      'archive: cannot read the file (it is not a regular file).',
      info.mtimeMs,
    )
  }
  return null
}

function allocate(info: Stats, options: ReadOptions): { buffer: Buffer; wanted: number } {
  const wanted = Math.min(info.size, Math.max(0, options.maxFileBytes))
  return { buffer: Buffer.allocUnsafe(wanted), wanted }
}

function parsed(
  id: string,
  buffer: Buffer,
  filled: number,
  info: Stats,
  options: ReadOptions,
): Article {
  return parseArticle(
    {
      id,
      bytes: buffer.subarray(0, filled),
      size: info.size,
      mtimeMs: info.mtimeMs,
      truncated: info.size > Math.max(0, options.maxFileBytes),
    },
    options,
  )
}

function fromError(id: string, options: ReadOptions, error: unknown): Article {
  const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN'
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return emptyArticle(id, 0, 0, '', options, [
      { code: 'FILE_VANISHED', message: 'archive: the file disappeared before it could be read.' },
    ])
  }
  const reason = error instanceof Error ? error.message : String(error)
  return unreadable(id, options, `archive: cannot read the file (${code}: ${reason}).`)
}

// Plain callback fs calls, wrapped once: FileHandle's promise API costs several times more per
// call (handle objects, close tracking), and a scan makes four calls per file 100k times over.
function openFile(filePath: string): Promise<number> {
  return new Promise((resolve, reject) =>
    open(filePath, OPEN_FLAGS, (error, fd) => (error ? reject(error) : resolve(fd))),
  )
}

function statFile(fd: number): Promise<Stats> {
  return new Promise((resolve, reject) =>
    fstat(fd, (error, stats) => (error ? reject(error) : resolve(stats))),
  )
}

function readInto(fd: number, buffer: Buffer, offset: number, length: number): Promise<number> {
  return new Promise((resolve, reject) =>
    read(fd, buffer, offset, length, offset, (error, bytesRead) =>
      error ? reject(error) : resolve(bytesRead),
    ),
  )
}

/** Unreadable files get an empty hash: the SHA-1 of no bytes would match every empty file in rename detection. */
function unreadable(id: string, options: ReadOptions, message: string, mtimeMs = 0): Article {
  return emptyArticle(id, 0, mtimeMs, '', options, [{ code: 'FILE_UNREADABLE', message }])
}
