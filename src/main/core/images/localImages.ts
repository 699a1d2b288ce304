/**
 * Images that live inside the archive folder (relative `src` paths, as in the
 * demo archive): they need no download, so they are served straight from the
 * archive, read-only, by key. Only registered keys resolve, so a request can never
 * name a path; the resolved file must still be inside the archive's real path.
 *
 * Keys come from two places, remembered apart so that one cannot push the other out:
 * - reading an article registers its body images. The reader asks for them lazily as the
 *   user scrolls, long after the article was served, so listing must never evict them.
 * - a list page registers its rows' thumbnails (the list shows them without reading). A page
 *   is at most 1,000 rows, and paging through a whole archive (another client in serve mode,
 *   say) must not grow memory with it: the oldest listed keys are forgotten first, and listed
 *   again when their page is served again.
 * The engine does not know which article is open (serve mode has several readers), so it
 * cannot pin "the open one"; each set is bounded on its own instead, oldest first.
 */
import { realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import type { ImageState } from '../../../shared/contract/api'
import { IMAGE_TYPE_BY_EXTENSION } from '../../../shared/imageMedia'
import type { ImageFile } from '../coreTypes'
import { imageKey } from './imageKey'

/** Keys of read articles' images remembered at most (hundreds of articles' worth). */
const MAX_READ_KEYS = 10_000
/** Keys of listed thumbnails remembered at most: ten pages of the largest size. */
const MAX_LISTED_KEYS = 10_000

interface LocalFile {
  root: string
  relPath: string
}

export interface LocalImagesLimits {
  read?: number
  listed?: number
}

export class LocalImages {
  private readonly read = new Map<string, LocalFile>()
  private readonly listed = new Map<string, LocalFile>()
  private readonly maxRead: number
  private readonly maxListed: number

  /** `limits` is for tests; the defaults bound each set at 10,000 keys. */
  constructor(limits: LocalImagesLimits = {}) {
    this.maxRead = limits.read ?? MAX_READ_KEYS
    this.maxListed = limits.listed ?? MAX_LISTED_KEYS
  }

  /** The key of an image of an article being read (a path from the parser, '/' separators). */
  register(root: string, relPath: string): string {
    const key = localImageKey(root, relPath)
    remember(this.read, this.maxRead, key, { root, relPath })
    return key
  }

  /**
   * Makes a listed thumbnail's key resolve: `key` is listedImageKey(root, relPath), which the
   * caller keeps per row, so serving a page again hashes nothing. Never evicts a read key.
   */
  keepListed(key: string, root: string, relPath: string): void {
    remember(this.listed, this.maxListed, key, { root, relPath })
  }

  /** listedImageKey, registered as keepListed does. */
  registerListed(root: string, relPath: string): string | null {
    const key = listedImageKey(root, relPath)
    if (key) this.keepListed(key, root, relPath)
    return key
  }

  has(key: string): boolean {
    return this.read.has(key) || this.listed.has(key)
  }

  /** Cache-style states of registered keys: 'cached' while the file is there. */
  async states(keys: readonly string[]): Promise<ImageState[]> {
    return Promise.all(
      keys.map(async (key): Promise<ImageState> =>
        (await this.file(key))
          ? { key, status: 'cached' }
          : { key, status: 'failed', reason: 'missing' },
      ),
    )
  }

  async file(key: string): Promise<ImageFile | null> {
    const entry = this.read.get(key) ?? this.listed.get(key)
    if (!entry) return null
    const contentType = imageTypeOf(entry.relPath)
    if (!contentType) return null
    try {
      const resolved = await realpath(path.join(entry.root, ...entry.relPath.split('/')))
      const inside = path.relative(entry.root, resolved)
      if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return null
      if (!(await stat(resolved)).isFile()) return null
      return { path: resolved, contentType }
    } catch {
      return null
    }
  }

  clear(): void {
    this.read.clear()
    this.listed.clear()
  }
}

/** Newest last: a key seen again moves to the end, the first one goes when over `max`. */
function remember(files: Map<string, LocalFile>, max: number, key: string, file: LocalFile): void {
  files.delete(key)
  files.set(key, file)
  if (files.size > max) files.delete(files.keys().next().value as string)
}

/** The key an archive-relative image path is served by ('/' separators). */
export function localImageKey(root: string, relPath: string): string {
  return imageKey(`archive-local:${root}\0${relPath}`)
}

/**
 * The key of a thumbnail path from the catalog, which may come from a snapshot on disk rather
 * than from the parser: null unless it is a plain archive-relative path to an image file.
 * Registers nothing (LocalImages.keepListed does).
 */
export function listedImageKey(root: string, relPath: string): string | null {
  return isArchiveRelative(relPath) && imageTypeOf(relPath) ? localImageKey(root, relPath) : null
}

function imageTypeOf(relPath: string): string | undefined {
  return IMAGE_TYPE_BY_EXTENSION[path.extname(relPath).toLowerCase()]
}

/** 'a/b.png': no empty, '.' or '..' segment, no leading '/', no backslash, drive or NUL. */
function isArchiveRelative(relPath: string): boolean {
  if (/[\\\0]/.test(relPath) || /^[a-z]:/i.test(relPath)) return false
  return relPath
    .split('/')
    .every((segment) => segment !== '' && segment !== '.' && segment !== '..')
}
