/**
 * Posting lists that do not stay in memory: a PostingArena collects the newest documents,
 * and when it passes `flushBytes` it is written to an immutable segment file (lists sorted
 * by key, a small key directory kept in memory) and emptied. A lookup concatenates the
 * key's list from every segment (documents only grow, so the order holds) and the arena.
 * Segment bytes are read with pread: they live in the OS page cache, not in the heap.
 *
 * Segment file: the lists back to back, then the directory: per key (ascending) i32 key,
 * u32 offset of its list, u32 entry count. Only every SPARSE-th key stays in memory; a
 * lookup reads one directory block of SPARSE entries. (Full directories in memory would
 * cost ~16 bytes × ~2M keys per segment: hundreds of MB at 100k articles.)
 */
import fs from 'node:fs'
import path from 'node:path'
import { decodeStream, PostingArena, type DecodedList } from './postingArena'

const SPARSE = 64
const ENTRY = 12

/** What a snapshot needs to reopen a segment. */
export interface SegmentState {
  /** File name inside the folder. */
  name: string
  keyCount: number
  directoryOffset: number
  /** Every SPARSE-th key, as in the directory. */
  sparse: number[]
}

interface Segment extends Omit<SegmentState, 'sparse'> {
  fd: number
  sparse: Int32Array
}

interface Found {
  offset: number
  length: number
  count: number
}

export interface SegmentedPostingsOptions {
  /** Folder for segment files; without it everything stays in memory. */
  dir?: string
  /** Name prefix of this list family's files (e.g. "bigram"). */
  name: string
  /** Bytes per entry after the document delta. */
  extra: number
  flushBytes?: number
}

export class SegmentedPostings {
  private readonly arena: PostingArena
  private readonly segments: Segment[] = []
  private readonly flushBytes: number

  constructor(private readonly options: SegmentedPostingsOptions) {
    this.arena = new PostingArena(options.extra)
    // Below a power of two, so the arena (which doubles) stops at 64 MB.
    this.flushBytes = options.flushBytes ?? 60 * 1024 * 1024
  }

  get extra(): number {
    return this.options.extra
  }

  append(key: number, doc: number, extras: ArrayLike<number>): void {
    this.arena.append(key, doc, extras)
  }

  appendPayload(key: number, doc: number, payload: Uint8Array, length: number): void {
    this.arena.appendPayload(key, doc, payload, length)
  }

  /** Call between documents: writes a segment when the arena is full. */
  maybeFlush(): void {
    if (this.options.dir !== undefined && this.arena.byteLength >= this.flushBytes) this.flush()
  }

  documentFrequency(key: number): number {
    let n = this.arena.documentFrequency(key)
    for (const segment of this.segments) n += lookup(segment, key)?.count ?? 0
    return n
  }

  decode(key: number): DecodedList {
    const extra = this.options.extra
    const parts: { segment: Segment; found: Found }[] = []
    let total = 0
    for (const segment of this.segments) {
      const found = lookup(segment, key)
      if (found === null) continue
      parts.push({ segment, found })
      total += found.count
    }
    const tail = this.arena.decode(key)
    if (parts.length === 0) return tail
    total += tail.docs.length
    const docs = new Int32Array(total)
    const extras = new Uint8Array(total * extra)
    let at = 0
    for (const { segment, found } of parts) {
      const bytes = new Uint8Array(found.length)
      readFully(segment.fd, bytes, found.offset)
      decodeStream(bytes, found.count, extra, docs, extras, at)
      at += found.count
    }
    docs.set(tail.docs, at)
    extras.set(tail.extras, at * extra)
    return { docs, extras }
  }

  /** A key's lists as contiguous byte streams, oldest first (segments, then the arena). */
  rawLists(key: number): { count: number; bytes: Uint8Array }[] {
    const out: { count: number; bytes: Uint8Array }[] = []
    for (const segment of this.segments) {
      const found = lookup(segment, key)
      if (found === null) continue
      const bytes = new Uint8Array(found.length)
      readFully(segment.fd, bytes, found.offset)
      out.push({ count: found.count, bytes })
    }
    const tail = this.arena.listBytes(key)
    if (tail !== null) out.push(tail)
    return out
  }

  /** Distinct keys in memory plus keys per segment (a key in two segments counts twice). */
  get keyCount(): number {
    return this.segments.reduce((n, s) => n + s.keyCount, this.arena.keyCount)
  }

  /** Bytes of postings, in memory and in segment files (directories included). */
  get byteLength(): number {
    return this.segments.reduce(
      (n, s) => n + s.directoryOffset + s.keyCount * ENTRY,
      this.arena.byteLength,
    )
  }

  /** Write what is in memory to a segment and describe every segment (for a snapshot). */
  state(): SegmentState[] {
    this.flush()
    return this.segments.map((s) => ({
      name: s.name,
      keyCount: s.keyCount,
      directoryOffset: s.directoryOffset,
      sparse: Array.from(s.sparse),
    }))
  }

  /** Reopen the segments of a snapshot (the arena must be empty). */
  restore(states: readonly SegmentState[]): void {
    const dir = this.options.dir
    if (dir === undefined) throw new Error('search: restoring segments needs a folder')
    for (const state of states) {
      const fd = fs.openSync(path.join(dir, state.name), 'r')
      this.segments.push({ ...state, fd, sparse: Int32Array.from(state.sparse) })
    }
  }

  get segmentCount(): number {
    return this.segments.length
  }

  flush(): void {
    const dir = this.options.dir
    if (dir === undefined || this.arena.keyCount === 0) return
    const name = `${this.options.name}-${String(this.segments.length).padStart(4, '0')}.seg`
    const fd = fs.openSync(path.join(dir, name), 'w+')
    const n = this.arena.keyCount
    const directory = Buffer.alloc(n * ENTRY)
    const sparse = new Int32Array(Math.ceil(n / SPARSE))
    const buffer = Buffer.allocUnsafe(4 * 1024 * 1024)
    let filled = 0
    let written = 0
    const drain = (): void => {
      fs.writeSync(fd, buffer, 0, filled, written)
      written += filled
      filled = 0
    }
    let i = 0
    this.arena.forEachListByKey((key, count, bytes) => {
      directory.writeInt32LE(key, i * ENTRY)
      directory.writeUInt32LE(written + filled, i * ENTRY + 4)
      directory.writeUInt32LE(count, i * ENTRY + 8)
      if (i % SPARSE === 0) sparse[i / SPARSE] = key
      i++
      if (filled + bytes.length > buffer.length) drain()
      if (bytes.length > buffer.length) {
        fs.writeSync(fd, bytes, 0, bytes.length, written)
        written += bytes.length
      } else {
        buffer.set(bytes, filled)
        filled += bytes.length
      }
    })
    drain()
    if (written + directory.length > 0xffffffff)
      throw new Error('search: posting segment over 4 GB')
    fs.writeSync(fd, directory, 0, directory.length, written)
    this.segments.push({ name, fd, keyCount: n, directoryOffset: written, sparse })
    this.arena.reset()
  }

  close(): void {
    for (const segment of this.segments.splice(0)) fs.closeSync(segment.fd)
  }
}

function readFully(fd: number, into: Uint8Array, position: number): void {
  let done = 0
  while (done < into.length) {
    const n = fs.readSync(fd, into, done, into.length - done, position + done)
    if (n === 0) throw new Error('search: a posting segment is shorter than its directory says')
    done += n
  }
}

/** Where a key's list is in a segment, or null. Reads one directory block. */
function lookup(segment: Segment, key: number): Found | null {
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
  const first = block * SPARSE
  const entries = Math.min(SPARSE + 1, segment.keyCount - first) // +1: the next list's offset
  const bytes = Buffer.allocUnsafe(entries * ENTRY)
  readFully(segment.fd, bytes, segment.directoryOffset + first * ENTRY)
  const inBlock = Math.min(SPARSE, entries)
  lo = 0
  hi = inBlock - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const k = bytes.readInt32LE(mid * ENTRY)
    if (k === key) {
      const offset = bytes.readUInt32LE(mid * ENTRY + 4)
      const end =
        mid + 1 < entries ? bytes.readUInt32LE((mid + 1) * ENTRY + 4) : segment.directoryOffset
      return { offset, length: end - offset, count: bytes.readUInt32LE(mid * ENTRY + 8) }
    }
    if (k < key) lo = mid + 1
    else hi = mid - 1
  }
  return null
}
