/**
 * Is this body an image? Decided by its first bytes, never by the server's Content-Type (hotlink
 * protection answers with an HTML page served as image/jpeg). JPEG, PNG, GIF, WebP and AVIF by
 * their magic numbers; SVG only when the server also calls it image/svg+xml, since any XML text
 * could otherwise pass for one.
 */

/** Bytes to hold before deciding about a raster format. */
export const RASTER_SNIFF_BYTES = 16
/** Bytes to hold before deciding about an SVG (an XML prolog and comments may come first). */
export const SVG_SNIFF_BYTES = 1024

export type RasterType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | 'image/avif'

const AVIF_BRANDS = new Set(['avif', 'avis'])

/** The raster type of a body from its first bytes (at least RASTER_SNIFF_BYTES of them), or null. */
export function rasterType(head: Uint8Array): RasterType | null {
  if (head.length < 4) return null
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg'
  const ascii = latin1(head, 16)
  if (ascii.startsWith('\x89PNG\r\n\x1a\n')) return 'image/png'
  if (ascii.startsWith('GIF87a') || ascii.startsWith('GIF89a')) return 'image/gif'
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'image/webp'
  if (ascii.slice(4, 8) === 'ftyp' && AVIF_BRANDS.has(ascii.slice(8, 12))) return 'image/avif'
  return null
}

/** True when the declared Content-Type says SVG (parameters such as charset ignored). */
export function declaresSvg(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'image/svg+xml'
}

const SVG_START =
  /^\uFEFF?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE svg[^>]*>\s*)*<svg[\s>]/i

/** True when the text starts like an SVG document (prolog, comments and doctype allowed). */
export function looksLikeSvg(head: Uint8Array): boolean {
  return SVG_START.test(latin1(head, SVG_SNIFF_BYTES))
}

/**
 * The type to store a complete body under, or null when it is not an image we serve.
 * `declared` is the response's Content-Type header.
 */
export function imageTypeOf(head: Uint8Array, declared: string | undefined): string | null {
  const raster = rasterType(head)
  if (raster) return raster
  if (declaresSvg(declared) && looksLikeSvg(head)) return 'image/svg+xml'
  return null
}

function latin1(bytes: Uint8Array, max: number): string {
  let text = ''
  const end = Math.min(bytes.length, max)
  for (let i = 0; i < end; i++) text += String.fromCharCode(bytes[i] as number)
  return text
}
