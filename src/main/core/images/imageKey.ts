/**
 * Image cache keys: the hex SHA-256 of the image's NORMALIZED URL (src/shared/imageUrlKey.ts,
 * the same function the renderer hashes with). A key names a file in the cache and nothing
 * else, which is what lets adapters serve `/img/<key>` and `app-img://cache/<key>` without ever
 * touching a path from a request.
 */
import { createHash } from 'node:crypto'
import { normalizeImageUrlForKey } from '../../../shared/imageUrlKey'

export function imageKey(url: string): string {
  return createHash('sha256').update(normalizeImageUrlForKey(url)).digest('hex')
}
