/**
 * Images that live inside the archive folder (relative `src` paths, as in the
 * demo archive): they need no download, so they are served straight from the
 * archive, read-only, by key. A key is registered when an article that uses the
 * image is read, or when a list page shows it as a row's thumbnail (a page is at
 * most 1,000 rows, so an archive of 100k articles never registers them all), and
 * only registered keys resolve, so a request can never name a path; the resolved
 * file must still be inside the archive's real path.
 */
import { realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import type { ImageState } from '../../../shared/contract/api'
import { IMAGE_TYPE_BY_EXTENSION } from '../../../shared/imageMedia'
import type { ImageFile } from '../coreTypes'
import { imageKey } from './imageKey'

/** Keys remembered at most; the oldest are forgotten first (registered again on reading or listing). */
const MAX_KEYS = 10_000

export class LocalImages {
  private readonly files = new Map<string, { root: string; relPath: string }>()

  /** The key of an archive-relative image path ('/' separators), remembered for `file`. */
  register(root: string, relPath: string): string {
    const key = imageKey(`archive-local:${root}\0${relPath}`)
    this.files.delete(key)
    this.files.set(key, { root, relPath })
    if (this.files.size > MAX_KEYS) this.files.delete(this.files.keys().next().value as string)
    return key
  }

  /**
   * As `register`, for a path from the catalog, which may come from a snapshot on disk rather
   * than from the parser: null unless it is a plain archive-relative path to an image file.
   */
  registerListed(root: string, relPath: string): string | null {
    return isArchiveRelative(relPath) && imageTypeOf(relPath) ? this.register(root, relPath) : null
  }

  has(key: string): boolean {
    return this.files.has(key)
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
    const entry = this.files.get(key)
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
    this.files.clear()
  }
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
