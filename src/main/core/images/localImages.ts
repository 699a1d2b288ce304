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
import type { ImageState, ImageStatus } from '../../../shared/contract/api'
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

  /**
   * Registers an image of an article being read and says whether it can be shown, looking at
   * the disk now (a realpath and a stat): a file added later is found when the article is read
   * again, and a missing or refused one gets a reason instead of a URL the page would ask for
   * in vain (a 404 and a broken-image icon).
   */
  async describe(
    root: string,
    relPath: string,
  ): Promise<{ key: string; status: ImageStatus; reason?: LocalImageProblem }> {
    const key = this.register(root, relPath)
    const found = await locate({ root, relPath })
    return typeof found === 'string'
      ? { key, status: 'failed', reason: found }
      : { key, status: 'cached' }
  }

  /** Cache-style states of registered keys: 'cached' while the file is there, else why not. */
  async states(keys: readonly string[]): Promise<ImageState[]> {
    return Promise.all(
      keys.map(async (key): Promise<ImageState> => {
        const entry = this.read.get(key) ?? this.listed.get(key)
        const found = entry ? await locate(entry) : 'missing'
        return typeof found === 'string'
          ? { key, status: 'failed', reason: found }
          : { key, status: 'cached' }
      }),
    )
  }

  async file(key: string): Promise<ImageFile | null> {
    const entry = this.read.get(key) ?? this.listed.get(key)
    if (!entry) return null
    const found = await locate(entry)
    return typeof found === 'string' ? null : found
  }

  clear(): void {
    this.read.clear()
    this.listed.clear()
  }
}

/**
 * Why an archive image is not shown (ArticleImage.reason, beside the download cache's reasons):
 * - 'missing': no file at that path in the archive (or not a regular file);
 * - 'outside': the path leads out of the archive (a symlink), so it is refused;
 * - 'not-image-file': the file's name is not that of an image type the app serves.
 */
export type LocalImageProblem = 'missing' | 'outside' | 'not-image-file'

/** The file to serve, or why there is none. The resolved file must be inside the archive. */
async function locate({ root, relPath }: LocalFile): Promise<ImageFile | LocalImageProblem> {
  let resolved: string
  try {
    resolved = await realpath(path.join(root, ...relPath.split('/')))
  } catch {
    return 'missing'
  }
  const inside = path.relative(root, resolved)
  if (path.isAbsolute(inside) || inside.split(path.sep)[0] === '..') return 'outside'
  try {
    if (!(await stat(resolved)).isFile()) return 'missing'
  } catch {
    return 'missing'
  }
  const contentType = imageTypeOf(relPath)
  return contentType ? { path: resolved, contentType } : 'not-image-file'
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
