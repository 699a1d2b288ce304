/**
 * Images that live inside the archive folder (relative `src` paths, as in the
 * demo archive): they need no download, so they are served straight from the
 * archive, read-only, by key. A key is registered when an article that uses the
 * image is read, and only registered keys resolve, so a request can never name
 * a path; the resolved file must still be inside the archive's real path.
 */
import { realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { IMAGE_TYPE_BY_EXTENSION } from '../../../shared/imageMedia'
import type { ImageFile } from '../coreTypes'
import { imageKey } from './imageKey'

/** Keys remembered at most; the oldest are forgotten first (they are registered again on reading). */
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

  async file(key: string): Promise<ImageFile | null> {
    const entry = this.files.get(key)
    if (!entry) return null
    const contentType = IMAGE_TYPE_BY_EXTENSION[path.extname(entry.relPath).toLowerCase()]
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
