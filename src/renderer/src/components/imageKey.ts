/**
 * The image cache key of a URL: lowercase hex SHA-256 of the URL normalized by the shared
 * normalizeImageUrlForKey, exactly as the engine computes it (IMAGE_KEY_PATTERN in the contract).
 * crypto.subtle exists only in secure contexts (app-img:, localhost, https); elsewhere there is
 * no key and the caller shows no thumbnail.
 */
import { normalizeImageUrlForKey } from '../../../shared/imageUrlKey'

const cache = new Map<string, Promise<string | null>>()

export function imageKeyOf(url: string): Promise<string | null> {
  let pending = cache.get(url)
  if (!pending) {
    pending = digest(url)
    cache.set(url, pending)
  }
  return pending
}

async function digest(url: string): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) return null
  const bytes = new Uint8Array(
    await subtle.digest('SHA-256', new TextEncoder().encode(normalizeImageUrlForKey(url))),
  )
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
