/**
 * The snapshot file of a search index: one header line, then JSON.
 *   `ABSEARCH <format version> <sha256 of the JSON, hex>\n{...}`
 * The JSON describes the data files next to it (text store, posting segments, FlexSearch's
 * word index) with their sizes and hashes of their first and last 64 KB, so a missing,
 * truncated, replaced or older-format snapshot is detected before anything is trusted.
 * (Hashing the whole ~1.5 GB of data files at 100k articles would cost seconds on every
 * open; corruption in the middle of a file is caught only where decoding notices it.)
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export const SNAPSHOT_FILE = 'search-index.snapshot'
const MAGIC = 'ABSEARCH'
/** Bump whenever the layout of any snapshot or data file changes. */
export const SNAPSHOT_FORMAT = 2
const EDGE = 64 * 1024

export class SnapshotError extends Error {
  constructor(message: string) {
    super(`search snapshot: ${message}`)
    this.name = 'SnapshotError'
  }
}

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

/** Write atomically: temp file, fsync, rename. */
export function writeSnapshot(dir: string, payload: unknown): void {
  const json = JSON.stringify(payload)
  const sum = crypto.createHash('sha256').update(json).digest('hex')
  const file = path.join(dir, SNAPSHOT_FILE)
  const temp = `${file}.tmp`
  const fd = fs.openSync(temp, 'w')
  try {
    fs.writeSync(fd, `${MAGIC} ${SNAPSHOT_FORMAT} ${sum}\n${json}`)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(temp, file)
}

export function readSnapshot(dir: string): unknown {
  let content: string
  try {
    content = fs.readFileSync(path.join(dir, SNAPSHOT_FILE), 'utf8')
  } catch {
    throw new SnapshotError('there is no snapshot')
  }
  const newline = content.indexOf('\n')
  const header = (newline < 0 ? content : content.slice(0, newline)).split(' ')
  if (header[0] !== MAGIC || header.length !== 3)
    throw new SnapshotError('the file is not a search snapshot')
  if (header[1] !== String(SNAPSHOT_FORMAT)) {
    throw new SnapshotError(`format ${header[1]} is not the current format ${SNAPSHOT_FORMAT}`)
  }
  const json = content.slice(newline + 1)
  if (crypto.createHash('sha256').update(json).digest('hex') !== header[2]) {
    throw new SnapshotError('the checksum does not match (truncated or corrupt)')
  }
  try {
    return JSON.parse(json) as unknown
  } catch {
    throw new SnapshotError('the content is not valid JSON')
  }
}
