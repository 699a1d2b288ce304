/**
 * Checks a catalog loaded from a snapshot against the folder without reading the files:
 * every article file is listed and stat'ed, and only those whose size or mtime differ from
 * the snapshot (or that are new) are named for reading. A stat is ~100 times cheaper than a
 * read and parse, which is what makes a reopen of 100k articles fast.
 */
import { statSync } from 'node:fs'
import path from 'node:path'
import type { ArticleSummary, ScannedArticle } from '../../../shared/types/article'
import { scanArchive, type ScanOptions } from '../archive/scan'
import { walkArticleFiles, type WalkWarning } from '../archive/walk'
import { foreground } from '../foreground'

/**
 * Files stat'ed between yields to the event loop. Synchronous stats of a listed folder are
 * cheap (a few µs each, the inodes are cached by the listing) and far cheaper than 100k async
 * calls through the thread pool; the yields keep the list and search answering meanwhile.
 */
const STAT_CHUNK = 256

export interface CatalogCheck {
  /** Ids whose size and mtime match the catalog: their summary is kept as it is. */
  unchanged: Set<string>
  /** Ids that are new or whose stat differs: to be read and parsed. */
  toRead: string[]
  /** Article files listed. */
  listed: number
}

export async function checkCatalog(
  root: string,
  catalog: ReadonlyMap<string, ArticleSummary>,
  options: {
    signal?: AbortSignal
    onWarning?: (warning: WalkWarning) => void
    onProgress?: (checked: number) => void
  } = {},
): Promise<CatalogCheck> {
  const unchanged = new Set<string>()
  const toRead: string[] = []
  let listed = 0
  let pending: string[] = []
  const statPending = (): void => {
    for (const id of pending) {
      let info
      try {
        info = statSync(path.join(root, id), { throwIfNoEntry: false })
      } catch {
        // Cannot be stat'ed (permissions): read it, and the reader says why in an issue.
        listed++
        toRead.push(id)
        continue
      }
      // Gone between listing and stat: not listed, so a catalog entry for it is removed.
      if (!info) continue
      listed++
      const known = catalog.get(id)
      if (known && known.size === info.size && known.mtimeMs === info.mtimeMs) unchanged.add(id)
      else toRead.push(id)
    }
    pending = []
    options.onProgress?.(listed)
  }
  for await (const id of walkArticleFiles(root, {
    signal: options.signal,
    onWarning: options.onWarning,
  })) {
    pending.push(id)
    if (pending.length >= STAT_CHUNK) {
      statPending()
      await foreground.backgroundTurn()
    }
  }
  statPending()
  return { unchanged, toRead, listed }
}

/**
 * Reads the files `checkCatalog` named (with parse workers when they are many, as a scan does).
 * A file whose bytes and mtime match the catalog after all joins `unchanged`; a file gone
 * meanwhile is left out (so it is removed); the rest are `changed`, with their text.
 */
export async function readChanged(
  root: string,
  catalog: ReadonlyMap<string, ArticleSummary>,
  toRead: string[],
  unchanged: Set<string>,
  options: ScanOptions,
): Promise<{ changed: Map<string, ScannedArticle>; read: string[] }> {
  const changed = new Map<string, ScannedArticle>()
  const read: string[] = []
  if (toRead.length === 0) return { changed, read }
  for await (const article of scanArchive(root, { ...options, only: toRead, withText: true })) {
    read.push(article.id)
    if (article.issues.some((issue) => issue.code === 'FILE_VANISHED')) continue
    const known = catalog.get(article.id)
    if (known && known.hash === article.hash && known.mtimeMs === article.mtimeMs)
      unchanged.add(article.id)
    else changed.set(article.id, article)
  }
  return { changed, read }
}
