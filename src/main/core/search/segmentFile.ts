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

/** Keys per directory block (one block is read and decoded per lookup). */
export const SPARSE = 64

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
  const writer = new SegmentWriter(dir, name)
  forEachMergedList(runs, (key, count, _lastDoc, list) => writer.add(key, count, list))
  return writer.finish()
}

/** Directory bytes held in memory before they go to a spill file (a compaction's ~100 MB). */
const DIRECTORY_SPILL = 16 * 1024 * 1024

/**
 * Writes a segment key by key (ascending): the lists through a write buffer, the directory
 * in memory up to DIRECTORY_SPILL bytes and beyond that through `<name>.dir`, copied behind
 * the lists at the end. `abort` removes what was written.
 */
export class SegmentWriter {
  private readonly path: string
  private readonly fd: number
  private readonly buffer = Buffer.allocUnsafe(4 * 1024 * 1024)
  private filled = 0
  private written = 0
  private directory = new Uint8Array(1 << 10)
  private used = 0
  private spillFd = -1
  private spilled = 0
  /** Spilled directory bytes copied behind the lists so far (finishStep). */
  private copied = 0
  private readonly sparse: number[] = []
  private readonly listOffsets: number[] = []
  private readonly blockOffsets: number[] = []
  private n = 0
  private previousKey = 0

  constructor(
    dir: string,
    private readonly name: string,
    /** Directory bytes kept in memory before they spill (tests make it small). */
    private readonly spillBytes = DIRECTORY_SPILL,
  ) {
    this.path = path.join(dir, name)
    this.fd = fs.openSync(this.path, 'w+')
  }

  /** Bytes of lists written so far. */
  get listBytes(): number {
    return this.written + this.filled
  }

  add(key: number, count: number, list: Uint8Array): void {
    const offset = this.written + this.filled
    if (this.directory.length < this.used + 15) this.growDirectory()
    const directory = this.directory
    let used = this.used
    if (this.n % SPARSE === 0) {
      this.sparse.push(key)
      this.listOffsets.push(offset)
      this.blockOffsets.push(this.spilled + used) // relative to the directory; made absolute below
    } else {
      used = writeVarint(directory, used, key - this.previousKey)
    }
    used = writeVarint(directory, used, list.length)
    this.used = writeVarint(directory, used, count)
    this.previousKey = key
    this.n++
    if (this.filled + list.length > this.buffer.length) this.drain()
    if (list.length > this.buffer.length) {
      writeFully(this.fd, list, this.written)
      this.written += list.length
    } else {
      this.buffer.set(list, this.filled)
      this.filled += list.length
    }
  }

  finish(): Segment {
    return this.finishStep(Number.POSITIVE_INFINITY) as Segment
  }

  /**
   * Finish in steps: the spilled directory is copied behind the lists 4 MB at a time until
   * performance.now() passes `deadline` (a merge's ~90 MB took ~0.2 s in one go); the segment
   * once it is complete, else null (call again). Add nothing after the first call.
   */
  finishStep(deadline: number): Segment | null {
    if (this.copied === 0) this.drain()
    const directoryOffset = this.written
    const directoryBytes = this.spilled + this.used
    if (directoryOffset + directoryBytes > 0xffffffff)
      throw new Error('search: posting segment over 4 GB')
    if (this.spillFd >= 0) {
      // Copy the spilled directory behind the lists, through the (drained) write buffer.
      const chunk = this.buffer
      while (this.copied < this.spilled) {
        const part = chunk.subarray(0, Math.min(chunk.length, this.spilled - this.copied))
        readFully(this.spillFd, part, this.copied)
        writeFully(this.fd, part, directoryOffset + this.copied)
        this.copied += part.length
        if (this.copied < this.spilled && performance.now() >= deadline) return null
      }
      this.closeSpill()
    }
    writeFully(this.fd, this.directory.subarray(0, this.used), directoryOffset + this.spilled)
    return {
      name: this.name,
      fd: this.fd,
      keyCount: this.n,
      directoryOffset,
      size: directoryOffset + directoryBytes,
      sparse: Int32Array.from(this.sparse),
      listOffsets: Float64Array.from(this.listOffsets),
      blockOffsets: Float64Array.from(this.blockOffsets, (offset) => offset + directoryOffset),
    }
  }

  /** Stop and remove the unfinished file. */
  abort(): void {
    this.closeSpill()
    fs.closeSync(this.fd)
    fs.rmSync(this.path, { force: true })
  }

  private drain(): void {
    writeFully(this.fd, this.buffer.subarray(0, this.filled), this.written)
    this.written += this.filled
    this.filled = 0
  }

  private growDirectory(): void {
    if (this.directory.length >= this.spillBytes) {
      if (this.spillFd < 0) this.spillFd = fs.openSync(`${this.path}.dir`, 'w+')
      writeFully(this.spillFd, this.directory.subarray(0, this.used), this.spilled)
      this.spilled += this.used
      this.used = 0
      return
    }
    const grown = new Uint8Array(this.directory.length * 2)
    grown.set(this.directory.subarray(0, this.used))
    this.directory = grown
  }

  private closeSpill(): void {
    if (this.spillFd < 0) return
    fs.closeSync(this.spillFd)
    fs.rmSync(`${this.path}.dir`, { force: true })
    this.spillFd = -1
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
