/**
 * The `app-img://cache/<key>` scheme, as pure functions: which URLs are image requests, which
 * files may answer them, and the Response. imageProtocol registration (app.ts) only wires
 * `protocol.handle` to handleImageRequest.
 */
import { readFile } from 'node:fs/promises'
import { IMAGE_RESPONSE_CSP, SERVABLE_IMAGE_TYPES } from '../../shared/imageMedia'
import path from 'node:path'
import { IMAGE_KEY_PATTERN } from '../../shared/contract/api'
import type { ImageFile } from '../core/coreTypes'

export const IMAGE_SCHEME = 'app-img'
const IMAGE_HOST = 'cache'

/** The image key of `app-img://cache/<key>` (query and hash ignored), or null for anything else. */
export function imageKeyFromUrl(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  // Chromium lowercases the host of a standard scheme; Node's URL does not for custom schemes.
  if (parsed.protocol !== `${IMAGE_SCHEME}:` || parsed.hostname.toLowerCase() !== IMAGE_HOST)
    return null
  const key = parsed.pathname.replace(/^\//, '')
  return IMAGE_KEY_PATTERN.test(key) ? key : null
}

/**
 * True when `file`, resolved, lies strictly inside `folder`. The engine hands out hashed names,
 * but this check is what guarantees the scheme can never serve anything else on disk.
 */
export function isPathInside(file: string, folder: string): boolean {
  const relative = path.relative(path.resolve(folder), path.resolve(file))
  return (
    relative !== '' &&
    relative !== '..' &&
    !relative.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(relative)
  )
}

function notFound(): Response {
  return new Response('No such image', { status: 404, headers: { 'Content-Type': 'text/plain' } })
}

/**
 * Answers one request: only keys of the contract's pattern, only files the engine names, only
 * inside one of `allowedRoots` (the image cache in the app's data folder, and the open archive
 * for images that live in it), only image content types. Everything else is a 404.
 */
export async function handleImageRequest(
  url: string,
  lookup: (key: string) => Promise<ImageFile | null>,
  allowedRoots: string | readonly string[],
): Promise<Response> {
  const roots = typeof allowedRoots === 'string' ? [allowedRoots] : allowedRoots
  const key = imageKeyFromUrl(url)
  if (key === null) return notFound()
  let found: ImageFile | null
  try {
    found = await lookup(key)
  } catch {
    return notFound()
  }
  if (!found || !roots.some((root) => isPathInside(found.path, root))) return notFound()
  const type = found.contentType.toLowerCase()
  if (!SERVABLE_IMAGE_TYPES.has(type)) return notFound()
  let bytes: Buffer
  try {
    bytes = await readFile(found.path)
  } catch {
    return notFound()
  }
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      'Content-Type': type,
      'Content-Length': String(bytes.length),
      'Content-Security-Policy': IMAGE_RESPONSE_CSP,
      'Cache-Control': 'no-cache',
    },
  })
}
