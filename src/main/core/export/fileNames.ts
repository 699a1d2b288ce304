/**
 * The names an export gives files: one PDF per article, named from its title, and the hidden
 * part files the PDFs are written to before they are renamed into place.
 *
 * File systems limit each name, not only the path: 255 bytes on ext4, btrfs and XFS (UTF-8
 * bytes), 255 UTF-16 units on NTFS and APFS (never more than the UTF-8 bytes), 143 bytes in an
 * eCryptfs home folder. A Chinese character is 3 bytes, so a title cut at 80 characters was up
 * to 240 bytes, and the part file's prefix and suffix took it past 255 (ENAMETOOLONG).
 * Titles are therefore cut by UTF-8 bytes, between two graphemes (never inside a surrogate
 * pair or a combining sequence), and part files get short names of their own.
 */
import path from 'node:path'
import { ApiError } from '../../../shared/errors'

/** The longest name (one path component) the usual file systems accept, in UTF-8 bytes. */
export const NAME_MAX_BYTES = 255

/**
 * The title's share of a per-article name, "…" included: with the longest number prefix
 * ("000001-") and ".pdf" a name stays under 143 bytes (eCryptfs) — about 40 Chinese characters.
 */
export const TITLE_MAX_BYTES = 120

const ELLIPSIS = '…'
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8')

/** The longest start of `text` within `maxBytes` UTF-8 bytes that ends between two graphemes. */
export function cutToBytes(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text
  let kept = ''
  let bytes = 0
  for (const { segment } of graphemes.segment(text)) {
    const size = utf8Bytes(segment)
    if (bytes + size > maxBytes) break
    kept += segment
    bytes += size
  }
  return kept
}

// Invisible characters that reorder what a name shows (a right-to-left override can make a
// name read as something else), and the byte-order mark.
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g
// C0 and C1 controls, DEL, and what Windows, macOS or Linux refuse or treat as a separator.
// eslint-disable-next-line no-control-regex
const RESERVED = /[\u0000-\u001f\u007f-\u009f/\\:*?"<>|]+/g
// A run of U+FFFD (what a bad encoding left), spaces between them included, shows as one.
const REPLACEMENTS = /\ufffd(?:\s*\ufffd)*/g
// Dots and spaces at either end: a leading dot hides a file, and Windows drops trailing ones
// (and a title ending in "..." made "加...pdf").
const EDGES = /^[.\s]+|[.\s]+$/g

/** A title made fit for a file name: no separators, controls or invisible reordering. */
export function cleanTitle(title: string): string {
  return title
    .normalize('NFC')
    .replace(BIDI_CONTROLS, '')
    .replace(RESERVED, '_')
    .replace(REPLACEMENTS, '\ufffd')
    .replace(/\s+/g, ' ')
    .replace(EDGES, '')
}

/** "001-Title.pdf": the position keeps names unique and in order; the title is cut to fit. */
export function articleFileName(position: number, total: number, title: string): string {
  const digits = Math.max(3, String(total).length)
  let cleaned = cleanTitle(title)
  if (utf8Bytes(cleaned) > TITLE_MAX_BYTES) {
    const cut = cutToBytes(cleaned, TITLE_MAX_BYTES - utf8Bytes(ELLIPSIS)).replace(EDGES, '')
    cleaned = cut ? `${cut}${ELLIPSIS}` : ''
  }
  return `${String(position + 1).padStart(digits, '0')}${cleaned ? `-${cleaned}` : ''}.pdf`
}

/**
 * The hidden file output `index` is written to, beside it (so the final rename stays on one
 * file system, atomic). It does not repeat the output's name, which may be 255 bytes itself;
 * `nonce` is random per job, so a stale part file of an earlier job is never reused.
 */
export function partFileName(nonce: string, index: number): string {
  return `.archive-browser-export-${nonce}-${index}.part`
}

/**
 * Refuses a destination with a name longer than file systems accept, before any work, with a
 * sentence instead of ENAMETOOLONG at the end.
 */
export function checkNameLengths(destination: string): void {
  for (const name of destination.split(path.sep)) {
    const bytes = utf8Bytes(name)
    if (bytes > NAME_MAX_BYTES)
      throw new ApiError(
        'INVALID_ARGUMENT',
        `export: the name "${name}" is ${bytes} bytes long; file systems accept at most ${NAME_MAX_BYTES} bytes (about 85 Chinese characters). Choose a shorter name.`,
      )
  }
}
