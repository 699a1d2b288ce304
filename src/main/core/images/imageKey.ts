/**
 * Image cache keys: the hex SHA-256 of the image's NORMALIZED URL (src/shared/imageUrlKey.ts).
 * A key names a file in the cache and nothing else, which is what lets adapters serve
 * `/img/<key>` and `app-img://cache/<key>` without ever touching a path from a request.
 */
import { hash } from 'node:crypto'
import { normalizeImageUrlForKey } from '../../../shared/imageUrlKey'

/**
 * One-shot `crypto.hash`, not a Hash object per URL: an open of a 100k-article archive keys
 * ~470k URLs on the thread that answers the UI (image discovery), 424–732 ms with
 * `createHash` and 164–176 ms with `hash` (measured here).
 */
export function imageKey(url: string): string {
  return hash('sha256', normalizeImageUrlForKey(url), 'hex')
}
