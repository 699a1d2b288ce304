/**
 * Turns a file's bytes into text. Archives collected over years hold the odd
 * UTF-16 export or GBK/GB18030 file from an old Windows tool, so the decoder
 * never fails: it says which encoding it used, or that the bytes look binary.
 */
import type { TextEncoding } from '../../../../shared/types/article'

export type DecodedText =
  | { kind: 'empty' }
  | { kind: 'binary' }
  | { kind: 'text'; text: string; encoding: TextEncoding; fallbackNote: string | null }

/** How many leading bytes the binary sniff looks at. */
const SNIFF_BYTES = 8192
/** Share of control bytes above which a file is treated as binary (text files have almost none). */
const CONTROL_SHARE_LIMIT = 0.1

export function decodeArticleBytes(bytes: Uint8Array, truncated: boolean): DecodedText {
  if (bytes.length === 0) return { kind: 'empty' }
  // stream:true keeps a multi-byte character cut by the size limit from failing the whole decode.
  const decodeOptions = { stream: truncated }

  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes.subarray(2), 'utf-16le', decodeOptions)
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), 'utf-16be', decodeOptions)
  const hasUtf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  const body = hasUtf8Bom ? bytes.subarray(3) : bytes

  if (looksBinary(body)) return { kind: 'binary' }

  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body, decodeOptions)
    return { kind: 'text', text: normalizeNewlines(text), encoding: 'utf-8', fallbackNote: null }
  } catch {
    // Not UTF-8: GB18030 is a superset of GBK/GB2312, the usual legacy encoding of Chinese archives.
  }
  try {
    const text = new TextDecoder('gb18030', { fatal: true }).decode(body, decodeOptions)
    return {
      kind: 'text',
      text: normalizeNewlines(text),
      encoding: 'gb18030',
      fallbackNote: 'The file is not valid UTF-8; it was decoded as GB18030.',
    }
  } catch {
    const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(body, decodeOptions)
    return {
      kind: 'text',
      text: normalizeNewlines(text),
      encoding: 'utf-8',
      fallbackNote: 'The file is neither valid UTF-8 nor GB18030; it was decoded as UTF-8 with invalid bytes replaced by \uFFFD.',
    }
  }
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', options: { stream: boolean }): DecodedText {
  if (bytes.length === 0) return { kind: 'empty' }
  const text = new TextDecoder(encoding, { fatal: false, ignoreBOM: true }).decode(bytes, options)
  return { kind: 'text', text: normalizeNewlines(text), encoding, fallbackNote: null }
}

/** NUL bytes never occur in UTF-8 or GB18030 text; many other control bytes mean an image, archive or database. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SNIFF_BYTES)
  let controls = 0
  for (let i = 0; i < end; i++) {
    const byte = bytes[i] as number
    if (byte === 0) return true
    // Tab, LF, VT, FF, CR and ESC (ANSI colours in logs) are ordinary in text files.
    if ((byte < 0x20 && byte !== 9 && byte !== 10 && byte !== 11 && byte !== 12 && byte !== 13 && byte !== 27) || byte === 0x7f) {
      controls++
    }
  }
  return end > 0 && controls / end > CONTROL_SHARE_LIMIT
}

function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
}
