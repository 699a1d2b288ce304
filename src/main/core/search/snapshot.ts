/**
 * The snapshot file of a search index: one ASCII header line, then a binary body
 * (snapshotCodec.ts: a small JSON part and raw column sections).
 *   `ABSEARCH <format version> <CRC-32 of the body, 8 hex digits>\n<body>`
 * The header is read first, so an older (or newer) format is refused by its number whatever
 * its body holds. The body describes the data files next to it (text store, posting segments,
 * word positions) with their sizes and hashes of their first and last 64 KB, so a missing,
 * truncated, replaced or older-format snapshot is detected before anything is trusted. The
 * whole body is checksummed with CRC-32 (zlib's: ~25 ms for the ~64 MB body at 100k articles,
 * half of sha256's time; it detects every truncation, every changed byte and every burst error
 * up to 32 bits, which is what a torn or damaged file looks like — the snapshot is not a
 * security boundary).
 * (Hashing the whole ~1.5 GB of data files at 100k articles would cost seconds on every
 * open; corruption in the middle of a file is caught only where decoding notices it.)
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { encodeBody, SnapshotError, SnapshotReader, type SnapshotSections } from './snapshotCodec'

export { SnapshotError } from './snapshotCodec'

export const SNAPSHOT_FILE = 'search-index.snapshot'
const MAGIC = 'ABSEARCH'
/**
 * Bump whenever the layout of any snapshot or data file changes (3: binary body; 4: 32-bit list
 * counts; 5: bigram entries flag a lone position instead of storing tf = 1; 6: keys of up to 4
 * adjacent words in the word positions, never released; 7: pairs of adjacent words instead;
 * 8: unigram lists as Rice-coded blocks, unigramCoding.ts: a format 7 unigram segment would be
 * misread, so it is refused and rebuilt; 9: a single space between gram units is in the
 * bigram lists, and texts may be read from the archive instead of text.bin).
 */
export const SNAPSHOT_FORMAT = 9
const EDGE = 64 * 1024

export interface FileFingerprint {
  name: string
  size: number
  head: string
  tail: string
}

function hashRange(fd: number, start: number, length: number): string {
  const buffer = Buffer.alloc(length)
  let done = 0
  while (done < length) {
    const n = fs.readSync(fd, buffer, done, length - done, start + done)
    if (n === 0) break
    done += n
  }
  return crypto.createHash('sha1').update(buffer.subarray(0, done)).digest('hex')
}

/** Fingerprint of the first `size` bytes of a file (files may grow after a save). */
export function fingerprint(dir: string, name: string, size?: number): FileFingerprint {
  const fd = fs.openSync(path.join(dir, name), 'r')
  try {
    const length = size ?? fs.fstatSync(fd).size
    const head = hashRange(fd, 0, Math.min(EDGE, length))
    const tail = hashRange(fd, Math.max(0, length - EDGE), Math.min(EDGE, length))
    return { name, size: length, head, tail }
  } finally {
    fs.closeSync(fd)
  }
}

export function checkFingerprint(dir: string, expected: FileFingerprint): void {
  let actualSize: number
  try {
    actualSize = fs.statSync(path.join(dir, expected.name)).size
  } catch {
    throw new SnapshotError(`data file ${expected.name} is missing`)
  }
  if (actualSize < expected.size) {
    throw new SnapshotError(
      `data file ${expected.name} is truncated (${actualSize} of ${expected.size} bytes)`,
    )
  }
  const actual = fingerprint(dir, expected.name, expected.size)
  if (actual.head !== expected.head || actual.tail !== expected.tail) {
    throw new SnapshotError(`data file ${expected.name} has changed since the snapshot`)
  }
}

/** Write atomically: temp file, fsync, rename. `meta` is small JSON; columns go in `sections`. */
export function writeSnapshot(dir: string, meta: unknown, sections: SnapshotSections): void {
  const body = encodeBody(meta, sections)
  const sum = checksum(body)
  const file = path.join(dir, SNAPSHOT_FILE)
  const temp = `${file}.tmp`
  const fd = fs.openSync(temp, 'w')
  try {
    fs.writeSync(fd, `${MAGIC} ${SNAPSHOT_FORMAT} ${sum}\n`)
    fs.writeSync(fd, body)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(temp, file)
}

const checksum = (body: Uint8Array): string => zlib.crc32(body).toString(16).padStart(8, '0')

/** The header line is at most this long (magic, format, checksum). */
const MAX_HEADER = 128

export function readSnapshot(dir: string): SnapshotReader {
  let content: Buffer
  try {
    content = fs.readFileSync(path.join(dir, SNAPSHOT_FILE))
  } catch {
    throw new SnapshotError('there is no snapshot')
  }
  const newline = content.subarray(0, MAX_HEADER).indexOf(10)
  const header = content
    .toString('latin1', 0, newline < 0 ? Math.min(content.length, MAX_HEADER) : newline)
    .split(' ')
  if (header[0] !== MAGIC || header.length !== 3)
    throw new SnapshotError('the file is not a search snapshot')
  if (header[1] !== String(SNAPSHOT_FORMAT)) {
    throw new SnapshotError(`format ${header[1]} is not the current format ${SNAPSHOT_FORMAT}`)
  }
  const body = content.subarray(newline + 1)
  if (checksum(body) !== header[2]) {
    throw new SnapshotError('the checksum does not match (truncated or corrupt)')
  }
  return new SnapshotReader(body)
}
