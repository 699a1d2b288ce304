/**
 * Where an export may write, checked before anything is printed and again just before the
 * finished files are renamed into place (a folder or file swapped meanwhile is caught too).
 *
 * The rules, for every front end:
 * - never inside the open archive: its files are never modified, and a PDF dropped into it
 *   would be one more file the watcher reads. Paths are compared after resolving symbolic
 *   links and `..`, so a link that leads into the archive is caught;
 * - only what `places` allows: serve mode bound beyond loopback limits exports to one folder
 *   (`--export-dir`) or turns them off, since anyone holding its token could otherwise write
 *   wherever the server's user can;
 * - an existing file is replaced only when it is itself a PDF (`%PDF-`), never a symbolic
 *   link or a folder, and only with `overwrite`. The file is replaced by renaming the finished
 *   export over it, so it is never written through and survives a failed export whole.
 */
import { constants } from 'node:fs'
import { access, lstat, mkdir, open, realpath, rmdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { ApiError } from '../../../shared/errors'
import { reasonOf } from './writeFailures'

/**
 * Which folders exports may write to. 'anywhere' (the default) for the desktop app and the CLI,
 * whose user picks a path on their own machine; `{ folder }` or `{ refused }` for serve mode
 * bound beyond loopback.
 */
export type ExportPlaces = 'anywhere' | { folder: string } | { refused: string }

export interface DestinationCheck {
  /** The PDF's folder (book) or the folder that receives one PDF per article. */
  folder: string
  /** Create `folder` when missing (per article). */
  create: boolean
  /** The files the export will write. */
  outputs: readonly string[]
  overwrite: boolean
  /** The open archive's folder. */
  archiveRoot: string
  places: ExportPlaces
}

const PDF_MAGIC = '%PDF-'
/** macOS and Windows usually compare names without case: so does the inside-the-archive test. */
const FOLD_CASE = process.platform === 'darwin' || process.platform === 'win32'

const refused = (message: string): ApiError =>
  new ApiError('DESTINATION_REFUSED', `export: ${message}`)

/** The book's destination must name a PDF, so an export never writes `notes.conf` or `bin/sh`. */
export function checkPdfFileName(destination: string): void {
  if (!destination.toLowerCase().endsWith('.pdf') || path.basename(destination).length <= 4)
    throw new ApiError(
      'INVALID_ARGUMENT',
      `export: the destination must be a file name ending in .pdf, not "${destination}".`,
    )
}

/** True when `child` is `parent` or below it (both absolute and canonical). */
export function isInside(child: string, parent: string): boolean {
  const fold = (p: string) => (FOLD_CASE ? p.toLowerCase() : p)
  const relative = path.relative(fold(parent), fold(child))
  return (
    relative === '' ||
    (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  )
}

/**
 * `file` with every symbolic link and `..` resolved, also when its last parts do not exist yet
 * (a folder to be created): the deepest existing ancestor is resolved and the rest appended.
 * A broken symbolic link on the way is refused: where it leads cannot be checked.
 */
export async function canonicalPath(file: string): Promise<string> {
  const missing: string[] = []
  let current = path.resolve(file)
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse())
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error
      if (
        await lstat(current).then(
          (s) => s.isSymbolicLink(),
          () => false,
        )
      )
        throw refused(`"${current}" is a broken symbolic link.`)
      const parent = path.dirname(current)
      if (parent === current) return path.join(current, ...missing.reverse())
      missing.push(path.basename(current))
      current = parent
    }
  }
}

async function canonicalOrResolved(folder: string): Promise<string> {
  return realpath(folder).catch(() => path.resolve(folder))
}

/**
 * `folder` and its missing parents, one level at a time; returns the first folder it created
 * (the top of the new ones), if any. Not `mkdir(folder, { recursive: true })`: where a file
 * system refuses new folders with ENOENT (`/proc/pdfs`), Node's recursive mkdir retries
 * forever, holding a thread-pool thread at full CPU.
 */
async function makeFolders(folder: string, made: { top?: string }): Promise<void> {
  const missing: string[] = []
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    const exists = await stat(dir).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false
        throw error
      },
    )
    if (exists || path.dirname(dir) === dir) break
    missing.push(dir)
  }
  for (const dir of missing.reverse()) {
    try {
      await mkdir(dir)
      made.top ??= dir
    } catch (error) {
      // Made by someone else meanwhile: not ours to remove.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
}

/**
 * The folder must exist (or be creatable, per article) and be writable. Returns the first
 * folder it created (the top of the new ones), if any.
 */
async function checkWritableFolder(folder: string, create: boolean): Promise<string | undefined> {
  const made: { top?: string } = {}
  try {
    if (create) await makeFolders(folder, made)
    if (!(await stat(folder)).isDirectory())
      throw new ApiError('DESTINATION_UNWRITABLE', `export: "${folder}" is not a folder.`)
    await access(folder, constants.W_OK)
    return made.top
  } catch (error) {
    if (made.top !== undefined) await removeCreatedFolders(folder, made.top)
    if (error instanceof ApiError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new ApiError(
      'DESTINATION_UNWRITABLE',
      code === 'ENOENT' && !create
        ? `export: the folder "${folder}" does not exist.`
        : `export: cannot write to "${folder}": ${reasonOf(error, folder)}.`,
    )
  }
}

async function startsWithPdfMagic(file: string): Promise<boolean> {
  const handle = await open(file, 'r')
  try {
    const head = Buffer.alloc(PDF_MAGIC.length)
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    return head.subarray(0, bytesRead).toString('latin1') === PDF_MAGIC
  } finally {
    await handle.close()
  }
}

/**
 * An existing output may be replaced only if it is a regular file holding a PDF, and only with
 * `overwrite`; a refusal comes before "already exists", so nobody is asked to confirm a
 * replacement that would then be refused.
 */
async function checkReplaceable(file: string, overwrite: boolean): Promise<void> {
  const existing = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null
    throw new ApiError(
      'DESTINATION_UNWRITABLE',
      `export: cannot check "${file}" (${error.code ?? String(error)}).`,
    )
  })
  if (!existing) return
  if (existing.isSymbolicLink())
    throw refused(`"${file}" is a symbolic link; an export never replaces one.`)
  if (!existing.isFile()) throw refused(`"${file}" exists and is not a file.`)
  const isPdf = await startsWithPdfMagic(file).catch(() => false)
  if (!isPdf)
    throw refused(`"${file}" exists and is not a PDF; an export only ever replaces a PDF.`)
  if (!overwrite)
    throw new ApiError(
      'DESTINATION_EXISTS',
      `export: "${file}" already exists. Confirm to replace it (CLI: --force).`,
    )
}

/** Refuses a folder inside the archive or outside what `places` allows; nothing is created. */
async function checkPlace(check: DestinationCheck): Promise<void> {
  const { places } = check
  if (typeof places === 'object' && 'refused' in places) throw refused(places.refused)
  const folder = await canonicalPath(check.folder).catch((error: unknown) => {
    if (error instanceof ApiError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new ApiError(
      'DESTINATION_UNWRITABLE',
      `export: cannot check "${check.folder}" (${code ?? String(error)}).`,
    )
  })
  const archive = await canonicalOrResolved(check.archiveRoot)
  if (isInside(folder, archive))
    throw refused(
      `"${check.folder}" is inside the open archive (${check.archiveRoot}); the archive's folder is never written to. Choose a folder outside it.`,
    )
  if (typeof places === 'object' && !isInside(folder, await canonicalOrResolved(places.folder)))
    throw refused(`exports may only be written into ${places.folder} (and its subfolders).`)
}

/**
 * Every check, before the export starts (creates the per-article folder once allowed). Returns
 * the first folder it created, for `removeCreatedFolders` if the export then fails.
 */
export async function checkDestination(check: DestinationCheck): Promise<string | undefined> {
  await checkPlace(check)
  const created = await checkWritableFolder(check.folder, check.create)
  try {
    for (const file of check.outputs) await checkReplaceable(file, check.overwrite)
  } catch (error) {
    if (created !== undefined) await removeCreatedFolders(check.folder, created)
    throw error
  }
  return created
}

/**
 * A failed export leaves no trace: the folders it created for itself, from `folder` up to
 * `created` (the first one made), are removed while they are empty. A folder something else
 * was put into meanwhile stays, with the ones above it.
 */
export async function removeCreatedFolders(folder: string, created: string): Promise<void> {
  const top = path.resolve(created)
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    if (!isInside(dir, top)) return
    try {
      await rmdir(dir)
    } catch {
      return
    }
    if (dir === top || path.dirname(dir) === dir) return
  }
}

/** The same checks just before the finished files are renamed into place; creates nothing. */
export async function recheckDestination(check: DestinationCheck): Promise<void> {
  await checkPlace(check)
  for (const file of check.outputs) await checkReplaceable(file, check.overwrite)
}
