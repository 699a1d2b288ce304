/**
 * File-system failures while an export writes, as sentences that name the place: a full disk
 * surfaced as "The export failed: ENOSPC: no space left on device, write" (INTERNAL, no file
 * named), `/proc/x.pdf` as ENOENT about a hidden part file. The destination's failures are
 * DESTINATION_UNWRITABLE; the temporary folder's stay INTERNAL (no other destination would
 * help) but say what happened and where. The system's code stays in brackets, for searching.
 */
import os from 'node:os'
import path from 'node:path'
import { ApiError } from '../../../shared/errors'

/** Why the system refused, in words; `folder` is where the file was to be created. */
const REASONS: Record<string, (folder: string) => string> = {
  ENOSPC: () => 'the disk is full',
  EDQUOT: () => 'the disk quota is used up',
  EFBIG: () => 'the file is larger than its file system allows (FAT32: 4 GB)',
  EROFS: (folder) => `"${folder}" is on a read-only file system`,
  EACCES: (folder) => `there is no permission to create files in "${folder}"`,
  EPERM: (folder) => `there is no permission to create files in "${folder}"`,
  ENOENT: (folder) => `"${folder}" does not accept new files, or was removed meanwhile`,
  ENOTDIR: (folder) => `"${folder}" does not accept new files, or was removed meanwhile`,
  ENAMETOOLONG: () => 'the path is longer than the file system accepts',
  EIO: () => 'the disk reported an input/output error',
  EMFILE: () => 'too many files are open',
  ENFILE: () => 'too many files are open',
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as NodeJS.ErrnoException | null)?.code
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined
}

/** True for a Node file-system error (an errno code), not for our own ApiError. */
export const isSystemError = (error: unknown): error is NodeJS.ErrnoException =>
  !(error instanceof ApiError) && codeOf(error) !== undefined

/**
 * "the disk is full (ENOSPC)", or the system's own message when the code is unusual. The folder
 * named is the one that refused a new file or folder, else `folder`.
 */
export function reasonOf(error: unknown, folder: string): string {
  const code = codeOf(error) ?? 'EUNKNOWN'
  const reason = REASONS[code]
  const { syscall, path: file } = error as NodeJS.ErrnoException
  const creating = (syscall === 'open' || syscall === 'mkdir') && typeof file === 'string'
  if (reason) return `${reason(creating ? path.dirname(file) : folder)} (${code})`
  const message = error instanceof Error ? error.message : String(error)
  return `${message.replace(/^E[A-Z0-9]+: /, '')} (${code})`
}

/**
 * A failure writing `destination` (the book, or the per-article folder). `done` files of a
 * per-article export may already be in place when a rename fails; otherwise nothing was.
 */
export function destinationFailure(
  error: unknown,
  destination: string,
  folder: string,
  done = 0,
): ApiError {
  return new ApiError(
    'DESTINATION_UNWRITABLE',
    `export: cannot write "${destination}": ${reasonOf(error, folder)}; ` +
      (done > 0
        ? `${done} file${done === 1 ? ' was' : 's were'} already written, the rest were not.`
        : 'nothing was written.'),
  )
}

/** A failure writing the export's temporary files (print documents, images, chunks). */
export function temporaryFailure(error: unknown): ApiError {
  const folder = os.tmpdir()
  return new ApiError(
    'INTERNAL',
    `export: cannot write its temporary files in "${folder}": ${reasonOf(error, folder)}; nothing was written.`,
  )
}
