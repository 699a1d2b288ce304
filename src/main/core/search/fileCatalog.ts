/**
 * The file catalog saved with a search snapshot: for every indexed article, the size, mtime
 * and content hash of the file it was read from, plus a key for the read options that shape
 * what was indexed (time zone, size limit). On reopen it is compared with the library's fresh
 * scan, so only files that changed while the app was closed are read again.
 *
 * The catalog lives in the search worker and describes exactly what the index holds (an entry
 * is written when an article is indexed and dropped when it is removed), so a snapshot saved
 * at any moment — mid-sync, after a cancelled build — is consistent with its index.
 */
import type { ScannedArticle } from '../../../shared/types/article'
import type { ReadOptions } from '../archive/options'
import { defaultParseWorkers, ParsePool } from '../archive/parsePool'
import { readArticleSync } from '../archive/readArticle'
import { toScanned } from '../archive/parseArticle'
import { CatalogColumns, type FileEntry, type FileMeta, type SavedCatalog } from './catalogColumns'

export type { FileEntry, FileMeta } from './catalogColumns'

/**
 * Bump when what the index derives from a file changes, so that older snapshots are rebuilt:
 * 2 = months counted in the archive's time zone (they were UTC months); overlong words held by
 * their first 64 characters in the word index; the parser's version 2 (catalogSnapshot.ts).
 */
const CATALOG_VERSION = 2

export function catalogKey(options: ReadOptions): string {
  return JSON.stringify([options.timeZone, options.maxFileBytes])
}

export function metaOf(article: Pick<ScannedArticle, 'size' | 'mtimeMs' | 'hash'>): FileMeta {
  return [article.size, article.mtimeMs, article.hash]
}

export function serializeCatalog(key: string, files: Map<string, FileMeta>): SavedCatalog {
  const entries: FileEntry[] = []
  for (const [id, [size, mtimeMs, hash]] of files) entries.push([id, size, mtimeMs, hash])
  return { version: CATALOG_VERSION, key, files: entries }
}

/** The catalog of a restored snapshot, or why it cannot be used (then the index is rebuilt). */
export function parseCatalog(
  saved: unknown,
  expectedKey: string | undefined,
): { files: Map<string, FileMeta>; key: string } | { reason: string } {
  // A catalog restored from a snapshot comes as columns (catalogColumns.ts): no row arrays.
  const catalog = saved as Partial<SavedCatalog> | CatalogColumns | null
  const columns = catalog instanceof CatalogColumns ? catalog : null
  if (
    catalog === null ||
    typeof catalog !== 'object' ||
    (columns === null && !Array.isArray(catalog.files))
  )
    return { reason: 'the snapshot has no file catalog' }
  if (catalog.version !== CATALOG_VERSION)
    return { reason: `file catalog version ${String(catalog.version)} is not ${CATALOG_VERSION}` }
  if (typeof catalog.key !== 'string') return { reason: 'the file catalog has no read options' }
  if (expectedKey !== undefined && catalog.key !== expectedKey)
    return { reason: 'the read options (time zone, size limit) changed since the snapshot' }
  if (columns !== null) return { files: columns.toMap(), key: columns.key }
  const files = new Map<string, FileMeta>()
  for (const entry of (catalog as Partial<SavedCatalog>).files ?? []) {
    if (!Array.isArray(entry) || entry.length !== 4 || typeof entry[0] !== 'string')
      return { reason: 'the file catalog is malformed' }
    files.set(entry[0], [Number(entry[1]), Number(entry[2]), String(entry[3])])
  }
  return { files, key: catalog.key }
}

/** What differs between the index's catalog and the files on disk now (the library's scan). */
export function diffFiles(
  indexed: Map<string, FileMeta>,
  onDisk: FileEntry[],
): { changed: string[]; removed: string[]; unchanged: number } {
  const changed: string[] = []
  const present = new Set<string>()
  let unchanged = 0
  for (const [id, size, mtimeMs, hash] of onDisk) {
    present.add(id)
    const known = indexed.get(id)
    // The mtime counts too: an article without a date in its file is dated by it.
    if (known && known[0] === size && known[1] === mtimeMs && known[2] === hash) unchanged++
    else changed.push(id)
  }
  const removed: string[] = []
  for (const id of indexed.keys()) if (!present.has(id)) removed.push(id)
  return { changed, removed, unchanged }
}

/** Files per batch to a parse worker, and batches in flight per worker (as in archive/scan.ts). */
const BATCH = 32
const JOBS_PER_WORKER = 3
/** Below this many files, parsing here beats starting workers. */
const POOL_THRESHOLD = 2000
/** Files read here between yields to the caller (which yields to the event loop). */
const INLINE_BATCH = 16

/**
 * Reads and parses the given files (with text), in batches. Parse workers are used for many
 * files. Stops early when `signal` aborts.
 */
export async function* readFiles(
  root: string,
  ids: string[],
  options: ReadOptions,
  signal: AbortSignal,
  workers = defaultParseWorkers(),
): AsyncGenerator<ScannedArticle[]> {
  if (ids.length < POOL_THRESHOLD || workers === 0) {
    for (let i = 0; i < ids.length && !signal.aborted; i += INLINE_BATCH) {
      yield ids
        .slice(i, i + INLINE_BATCH)
        .map((id) => toScanned(readArticleSync(root, id, options)))
    }
    return
  }
  const pool = new ParsePool(workers, root, options)
  try {
    const inFlight = new Map<number, Promise<{ job: number; articles: ScannedArticle[] }>>()
    let cursor = 0
    let job = 0
    while (!signal.aborted) {
      while (inFlight.size < workers * JOBS_PER_WORKER && cursor < ids.length) {
        const mine = job++
        const batch = ids.slice(cursor, cursor + BATCH)
        cursor += batch.length
        inFlight.set(
          mine,
          pool.read(batch).then((articles) => ({ job: mine, articles })),
        )
      }
      if (inFlight.size === 0) break
      const done = await Promise.race(inFlight.values())
      inFlight.delete(done.job)
      yield done.articles
    }
  } finally {
    await pool.close()
  }
}
