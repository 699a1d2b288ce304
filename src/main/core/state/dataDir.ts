/**
 * The app's data folder is checked once, when the engine starts: created if missing, and
 * written to (a probe file, removed at once). Without this, a data folder that is a file, lies
 * under a file, or is on a read-only mount failed later with a raw `EEXIST … mkdir` and a stack
 * (CLI), or half-worked: a read-only folder answered searches with nothing. Now the engine does
 * not start, and the error says which folder, why, and how to choose another.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { ApiError } from '../../../shared/errors'

/** What the user can do about it, in every front end (the app honours the variable too). */
export const CHOOSE_ANOTHER_DATA_DIR = 'choose another with --data-dir or ARCHIVE_BROWSER_DATA_DIR'

/** Creates `dataDir` if needed and checks that files can be written in it; throws DATA_FOLDER_UNUSABLE. */
export async function prepareDataDir(dataDir: string): Promise<string> {
  const root = path.resolve(dataDir)
  try {
    await mkdir(root, { recursive: true })
  } catch (error) {
    throw unusable(root, error)
  }
  const probe = path.join(root, `.write-check-${process.pid}-${randomBytes(4).toString('hex')}`)
  try {
    await writeFile(probe, '')
  } catch (error) {
    throw unusable(root, error)
  }
  await rm(probe, { force: true })
  return root
}

function unusable(root: string, error: unknown): ApiError {
  return new ApiError(
    'DATA_FOLDER_UNUSABLE',
    `state: the data folder ${root} cannot be used: ${why(error)}; ${CHOOSE_ANOTHER_DATA_DIR}`,
  )
}

function why(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code
  switch (code) {
    case 'EEXIST':
      return 'it is a file, not a folder (EEXIST)'
    case 'ENOTDIR':
      return 'a part of its path is a file, not a folder (ENOTDIR)'
    case 'EROFS':
      return 'it is on a read-only file system (EROFS)'
    case 'EACCES':
    case 'EPERM':
      return `there is no permission to write in it (${code})`
    case 'ENOSPC':
      return 'the disk is full (ENOSPC)'
    case 'ENOENT':
      // What recursive mkdir reports on a read-only mount, among others.
      return 'it cannot be created: a folder above it is missing or read-only (ENOENT)'
    default:
      return error instanceof Error ? error.message : String(error)
  }
}
