/**
 * Lists the article files of an archive folder, streaming, so that a 100k-file
 * folder yields its first files at once instead of after the last directory.
 *
 * Rules: recurse into sub-folders except dot-folders and node_modules; follow
 * symlinks (users link sub-archives in) but never enter a folder twice, which
 * breaks symlink loops; a sub-folder that vanishes or cannot be read mid-walk is
 * reported as a warning and skipped, never fatal.
 */
import { opendir, stat } from 'node:fs/promises'
import path from 'node:path'
import { isListedArticleName } from './fileNames'

export interface WalkWarning {
  /** Folder path relative to the root ('' for the root itself), '/' separators. */
  folder: string
  code: 'FOLDER_VANISHED' | 'FOLDER_UNREADABLE' | 'SYMLINK_LOOP' | 'SYMLINK_BROKEN'
  message: string
}

export interface WalkOptions {
  signal?: AbortSignal
  onWarning?: (warning: WalkWarning) => void
}

/** Folder names never entered: hidden folders (.git, .obsidian, Hexo's .deploy_git) and dependency trees. */
export function isSkippedFolderName(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules'
}

/**
 * Yields article ids (paths relative to root with '/' separators) in directory order.
 * The root itself must be a readable folder (checked by the caller, see openArchiveRoot).
 */
export async function* walkArticleFiles(
  root: string,
  options: WalkOptions = {},
): AsyncGenerator<string> {
  const seen = new Set<string>()
  const rootStat = await stat(root)
  seen.add(`${rootStat.dev}:${rootStat.ino}`)
  const pending: string[] = ['']
  while (pending.length > 0) {
    if (options.signal?.aborted) return
    const relFolder = pending.pop() as string
    const absFolder = relFolder === '' ? root : path.join(root, relFolder)
    let dir
    try {
      dir = await opendir(absFolder, { bufferSize: 256 })
    } catch (error) {
      options.onWarning?.(folderWarning(relFolder, error))
      continue
    }
    const subFolders: string[] = []
    try {
      for await (const entry of dir) {
        const relPath = relFolder === '' ? entry.name : `${relFolder}/${entry.name}`
        if (entry.isDirectory()) {
          if (!isSkippedFolderName(entry.name)) {
            const key = await folderKey(path.join(root, relPath))
            if (key && !seen.has(key)) {
              seen.add(key)
              subFolders.push(relPath)
            }
          }
        } else if (entry.isFile()) {
          if (isListedArticleName(entry.name)) yield relPath
        } else if (entry.isSymbolicLink()) {
          const target = await followLink(path.join(root, relPath))
          if (target === 'broken') {
            options.onWarning?.({
              folder: relFolder,
              code: 'SYMLINK_BROKEN',
              message: `The link ${relPath} points nowhere; skipped.`,
            })
          } else if (target.kind === 'file') {
            if (isListedArticleName(entry.name)) yield relPath
          } else if (!isSkippedFolderName(entry.name)) {
            if (seen.has(target.key)) {
              options.onWarning?.({
                folder: relFolder,
                code: 'SYMLINK_LOOP',
                message: `The link ${relPath} leads to a folder already listed; not entered again.`,
              })
            } else {
              seen.add(target.key)
              subFolders.push(relPath)
            }
          }
        }
      }
    } catch (error) {
      // The folder disappeared or became unreadable while being listed.
      options.onWarning?.(folderWarning(relFolder, error))
    }
    // Reverse so that popping visits sub-folders in directory order.
    for (let i = subFolders.length - 1; i >= 0; i--) pending.push(subFolders[i] as string)
  }
}

async function folderKey(absPath: string): Promise<string | null> {
  try {
    const s = await stat(absPath)
    return `${s.dev}:${s.ino}`
  } catch {
    return null
  }
}

async function followLink(
  absPath: string,
): Promise<'broken' | { kind: 'file' } | { kind: 'folder'; key: string }> {
  try {
    const s = await stat(absPath)
    if (s.isDirectory()) return { kind: 'folder', key: `${s.dev}:${s.ino}` }
    if (s.isFile()) return { kind: 'file' }
    return 'broken'
  } catch {
    return 'broken'
  }
}

function folderWarning(relFolder: string, error: unknown): WalkWarning {
  const code = (error as NodeJS.ErrnoException).code
  const shown = relFolder === '' ? 'the archive folder' : `the folder ${relFolder}`
  if (code === 'ENOENT') {
    return {
      folder: relFolder,
      code: 'FOLDER_VANISHED',
      message: `${shown} disappeared while it was being read.`,
    }
  }
  return {
    folder: relFolder,
    code: 'FOLDER_UNREADABLE',
    message: `${shown} cannot be read (${code ?? String(error)}); its articles are not listed.`,
  }
}
