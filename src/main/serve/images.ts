/**
 * `/img/<key>`: the image cache, addressed by key only. The key is checked against the contract's
 * pattern, the cache resolves it to a file, and the type comes from the cache's record or, failing
 * that, from the file's first bytes; a file that is not a known image is not served.
 */
import { open, stat } from 'node:fs/promises'
import { IMAGE_RESPONSE_CSP, SERVABLE_IMAGE_TYPES } from '../../shared/imageMedia'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { IMAGE_KEY_PATTERN } from '../../shared/contract/api'
import { sendText } from './respond'
import { pipeFile } from './staticFiles'

/** What the image cache knows about a key: its file, and the content type it recorded. */
export type ImageFileLookup = (
  key: string,
) => Promise<string | { path: string; contentType?: string } | null>

/** Content type from magic bytes, for cache records that do not say. */
export function sniffImageType(head: Buffer): string | null {
  const ascii = head.toString('latin1')
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg'
  if (ascii.startsWith('\x89PNG\r\n\x1a\n')) return 'image/png'
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return 'image/gif'
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'image/webp'
  if (ascii.slice(4, 12) === 'ftypavif' || ascii.slice(4, 12) === 'ftypavis') return 'image/avif'
  if (ascii.startsWith('BM')) return 'image/bmp'
  if (ascii.startsWith('\0\0\x01\0')) return 'image/x-icon'
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(ascii)) return 'image/svg+xml'
  return null
}

async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(512)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

export async function serveImage(
  req: IncomingMessage,
  res: ServerResponse,
  key: string,
  lookup: ImageFileLookup | undefined,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' })
    return
  }
  if (!lookup || !IMAGE_KEY_PATTERN.test(key)) {
    sendText(res, 404, 'No such image')
    return
  }
  const found = await lookup(key)
  const file = typeof found === 'string' ? found : (found?.path ?? null)
  if (!file) {
    sendText(res, 404, 'No such image')
    return
  }
  let size: number
  let type: string | null
  try {
    const info = await stat(file)
    if (!info.isFile()) throw new Error('not a file')
    size = info.size
    const recorded = typeof found === 'object' ? found?.contentType?.toLowerCase() : undefined
    type =
      recorded && SERVABLE_IMAGE_TYPES.has(recorded)
        ? recorded
        : sniffImageType(await readHead(file))
  } catch {
    sendText(res, 404, 'No such image')
    return
  }
  if (!type) {
    sendText(res, 404, 'Not an image')
    return
  }
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': size,
    'Content-Security-Policy': IMAGE_RESPONSE_CSP,
    // Keys are content-addressed by URL, but a failed image may be re-downloaded: revalidate.
    'Cache-Control': 'private, no-cache',
  })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  await pipeFile(file, res)
}
