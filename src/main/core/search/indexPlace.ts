/**
 * Where an open archive's search index lives (searchService.ts decides): its own folder in the
 * data folder, that folder's snapshot read without writing (another process owns it, or it
 * cannot be written), or a private temporary folder of this process.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ReadOptions } from '../archive/options'
import { createLogger } from '../log'
import type { SearchWorkerClient } from './client'
import type { WorkerOpenResult } from './workerProtocol'

const log = createLogger('search')

/**
 * `own`: the index is in the archive's folder and saved there. `read-only`: that folder's
 * snapshot is read and nothing is written there (changes stay in memory, never saved).
 * `private`: a temporary folder of this process, built from the files, removed at close.
 */
export type IndexPlace = { kind: 'own' } | { kind: 'read-only' } | { kind: 'private'; dir: string }

/** Private index folders still on disk: removed at exit if nobody closed them. */
const privateFolders = new Set<string>()
let removesAtExit = false

export function makePrivateFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-browser-index-'))
  privateFolders.add(dir)
  if (!removesAtExit) {
    removesAtExit = true
    process.once('exit', () => {
      for (const folder of privateFolders) fs.rmSync(folder, { recursive: true, force: true })
    })
  }
  return dir
}

export function removePrivateFolder(dir: string): void {
  privateFolders.delete(dir)
  try {
    fs.rmSync(dir, { recursive: true, force: true })
  } catch (error) {
    log.warn(`could not remove the private index folder ${dir}`, error)
  }
}

/**
 * Why this process cannot write the index folder `dir` (created if missing), or null when it
 * can. access(2) writes nothing and reports a read-only mount (EROFS) and an immutable folder
 * (EPERM) even to root, for whom permission bits do not count.
 */
export function cannotWrite(dir: string): string | null {
  try {
    fs.mkdirSync(dir, { recursive: true })
    fs.accessSync(dir, fs.constants.W_OK)
    return null
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error)
  }
}

export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)

/**
 * Opens the index of `root` in the worker: in `dir`; or, when `unwritable` says why this
 * process may not write there, `dir`'s snapshot read-only; or, when that snapshot cannot be
 * used or the open in `dir` fails, in a private folder built from the files. `placed` hears
 * where it ended up (own, the default, is not told). Unless `textsFromArchive` is false, the
 * index reads article texts from `root`'s files instead of keeping a copy (derivedText.ts):
 * the snapshot stays smaller than the archive.
 */
export async function openIndexIn(
  client: SearchWorkerClient,
  where: {
    dir: string
    root: string
    /** Texts read from `root`'s files (the default) or copied into the index folder. */
    textsFromArchive?: boolean
    read: Partial<ReadOptions> | undefined
    unwritable: string | null
    placed: (place: IndexPlace) => void
  },
): Promise<WorkerOpenResult> {
  const { dir, root, read, placed } = where
  const texts = where.textsFromArchive === false ? undefined : root
  const openPrivate = async (why: string): Promise<WorkerOpenResult> => {
    const folder = makePrivateFolder()
    log.info(`search index of ${root}: ${why}; building a private one in ${folder}`)
    placed({ kind: 'private', dir: folder })
    return client.open(folder, undefined, read, false, texts)
  }
  if (where.unwritable) {
    const result = await client.open(dir, undefined, read, true, texts)
    if (result.restored) {
      placed({ kind: 'read-only' })
      return result
    }
    return openPrivate(`its saved index cannot be used (${result.reason ?? 'none'})`)
  }
  try {
    return await client.open(dir, undefined, read, false, texts)
  } catch (error) {
    // The folder misbehaves (a file in it cannot be written or removed): answer anyway.
    log.warn(`the search index folder ${dir} could not be opened`, error)
    return openPrivate(`its folder could not be opened (${messageOf(error)})`)
  }
}
