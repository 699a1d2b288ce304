/**
 * Segment files: immutable posting lists on disk, read with pread (they live in the OS page
 * cache, not in the heap).
 *
 * Layout: the lists back to back, then the directory in blocks of SPARSE keys (ascending): per
 * key varint(key − previous key; the block's first key is in memory), varint(list bytes),
 * varint(entry count). In memory per block: its first key, the file offset of its first list
 * and the offset of its directory bytes, so a lookup reads and decodes one block of ≤ SPARSE
 * entries. (A fixed 12-byte entry per key was 28 % of the bigram bytes at 10k articles: most
 * keys are rare pairs with lists of a few bytes.)
 */
import fs from 'node:fs'
import path from 'node:path'
import { forEachMergedList, writeVarint, type PostingRun } from './postingRun'

const SPARSE = 64

/** What a snapshot needs to reopen a segment. */
export interface SegmentState {
  /** File name inside the folder. */
  name: string
  keyCount: number
  /** Where the directory starts (= bytes of lists). */
  directoryOffset: number
  /** File size. */
  size: number
  /** Per block of SPARSE keys: its first key, its first list's offset, its directory bytes' offset. */
  sparse: Int32Array
  listOffsets: Float64Array
  blockOffsets: Float64Array
}

export interface Segment {
  name: string
  fd: number
  keyCount: number
  directoryOffset: number
  size: number
  sparse: Int32Array
  listOffsets: Float64Array
  blockOffsets: Float64Array
}

export interface Found {
  offset: number
  length: number
  count: number
}

/** Reopen a segment described by a snapshot (its arrays are taken, not copied). */
export function openSegment(dir: string, state: SegmentState): Segment {
  return {
    name: state.name,
    fd: fs.openSync(path.join(dir, state.name), 'r'),
    keyCount: state.keyCount,
    directoryOffset: state.directoryOffset,
    size: state.size,
    sparse: state.sparse,
    listOffsets: state.listOffsets,
    blockOffsets: state.blockOffsets,
  }
}

export function segmentState(s: Segment): SegmentState {
  return {
    name: s.name,
    keyCount: s.keyCount,
    directoryOffset: s.directoryOffset,
    size: s.size,
    // A segment never changes: its arrays can be shared with the snapshot being written.
    sparse: s.sparse,
    listOffsets: s.listOffsets,
    blockOffsets: s.blockOffsets,
  }
}

/**
 * Write runs (oldest first) as one segment file, merged on the fly and streamed through a
 * write buffer: no merged copy of the runs is held in memory (at 64 MB of runs that copy was
 * the build's memory peak).
 */
export function writeSegment(dir: string, name: string, runs: readonly PostingRun[]): Segment {
  const fd = fs.openSync(path.join(dir, name), 'w+')
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024)
  let filled = 0
  let written = 0
  const drain = (): void => {
    writeFully(fd, buffer.subarray(0, filled), written)
    written += filled
    filled = 0
  }
  let directory = new Uint8Array(1 << 20)
  let used = 0
  const sparse: number[] = []
  const listOffsets: number[] = []
  const blockOffsets: number[] = []
  let n = 0
  let previousKey = 0
  forEachMergedList(runs, (key, count, _lastDoc, list) => {
    const offset = written + filled
    if (directory.length < used + 15) {
      const grown = new Uint8Array(directory.length * 2)
      grown.set(directory.subarray(0, used))
      directory = grown
    }
    if (n % SPARSE === 0) {
      sparse.push(key)
      listOffsets.push(offset)
      blockOffsets.push(used) // relative to the directory; made absolute below
    } else {
      used = writeVarint(directory, used, key - previousKey)
    }
    used = writeVarint(directory, used, list.length)
    used = writeVarint(directory, used, count)
    previousKey = key
    n++
    if (filled + list.length > buffer.length) drain()
    if (list.length > buffer.length) {
      writeFully(fd, list, written)
      written += list.length
    } else {
      buffer.set(list, filled)
      filled += list.length
    }
  })
  drain()
  if (written + used > 0xffffffff) throw new Error('search: posting segment over 4 GB')
  writeFully(fd, directory.subarray(0, used), written)
  return {
    name,
    fd,
    keyCount: n,
    directoryOffset: written,
    size: written + used,
    sparse: Int32Array.from(sparse),
    listOffsets: Float64Array.from(listOffsets),
    blockOffsets: Float64Array.from(blockOffsets, (offset) => offset + written),
  }
}

function writeFully(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0
  while (done < bytes.length) {
    done += fs.writeSync(fd, bytes, done, bytes.length - done, position + done)
  }
}

export function readFully(fd: number, into: Uint8Array, position: number): void {
  let done = 0
  while (done < into.length) {
    const n = fs.readSync(fd, into, done, into.length - done, position + done)
    if (n === 0) throw new Error('search: a posting segment is shorter than its directory says')
    done += n
  }
}

/** Where a key's list is in a segment, or null. Reads and decodes one directory block. */
export function lookup(segment: Segment, key: number): Found | null {
  const sparse = segment.sparse
  let lo = 0
  let hi = sparse.length - 1
  let block = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if ((sparse[mid] as number) <= key) {
      block = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  if (block < 0) return null
  const start = segment.blockOffsets[block] as number
  const end = block + 1 < sparse.length ? (segment.blockOffsets[block + 1] as number) : segment.size
  const bytes =
    directoryScratch.length >= end - start ? directoryScratch : new Uint8Array(end - start)
  readFully(segment.fd, bytes.subarray(0, end - start), start)
  let pos = 0
  const varint = (): number => {
    let b = bytes[pos++] as number
    let value = b & 0x7f
    for (let shift = 128; b & 0x80; shift *= 128) {
      b = bytes[pos++] as number
      value += (b & 0x7f) * shift
    }
    return value
  }
  let k = sparse[block] as number
  let offset = segment.listOffsets[block] as number
  const entries = Math.min(SPARSE, segment.keyCount - block * SPARSE)
  for (let i = 0; i < entries; i++) {
    if (i > 0) k += varint()
    const length = varint()
    const count = varint()
    if (k === key) return { offset, length, count }
    if (k > key) return null
    offset += length
  }
  return null
}

/** Directory blocks are read here (≤ SPARSE × 15 bytes). */
const directoryScratch = new Uint8Array(SPARSE * 15)
