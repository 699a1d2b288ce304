/**
 * Posting lists that do not stay in memory: a PostingArena collects the newest documents,
 * and when it passes `flushBytes` it is written to an immutable segment file (lists sorted
 * by key, a small key directory kept in memory) and emptied. A lookup concatenates the
 * key's list from every segment (documents only grow, so the order holds) and the arena.
 * Segment bytes are read with pread: they live in the OS page cache, not in the heap.
 */
import fs from 'node:fs'
import path from 'node:path'
import { decodeStream, PostingArena, type DecodedList } from './postingArena'

interface Segment {
  file: string
  fd: number
  keys: Int32Array
  /** Byte offset of each key's list; one more entry than keys. */
  offsets: Float64Array
  counts: Uint32Array
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

  /** Call between documents: writes a segment when the arena is full. */
  maybeFlush(): void {
    if (this.options.dir !== undefined && this.arena.byteLength >= this.flushBytes) this.flush()
  }

  documentFrequency(key: number): number {
    let n = this.arena.documentFrequency(key)
    for (const segment of this.segments) {
      const i = find(segment.keys, key)
      if (i >= 0) n += segment.counts[i] as number
    }
    return n
  }

  decode(key: number): DecodedList {
    const extra = this.options.extra
    const parts: { segment: Segment; index: number }[] = []
    let total = 0
    for (const segment of this.segments) {
      const i = find(segment.keys, key)
      if (i < 0) continue
      parts.push({ segment, index: i })
      total += segment.counts[i] as number
    }
    const tail = this.arena.decode(key)
    if (parts.length === 0) return tail
    total += tail.docs.length
    const docs = new Int32Array(total)
    const extras = new Uint8Array(total * extra)
    let at = 0
    for (const { segment, index } of parts) {
      const start = segment.offsets[index] as number
      const length = (segment.offsets[index + 1] as number) - start
      const bytes = new Uint8Array(length)
      fs.readSync(segment.fd, bytes, 0, length, start)
      const count = segment.counts[index] as number
      decodeStream(bytes, count, extra, docs, extras, at)
      at += count
    }
    docs.set(tail.docs, at)
    extras.set(tail.extras, at * extra)
    return { docs, extras }
  }

  /** Distinct keys in memory plus keys per segment (a key in two segments counts twice). */
  get keyCount(): number {
    return this.segments.reduce((n, s) => n + s.keys.length, this.arena.keyCount)
  }

  /** Bytes of postings, in memory and in segment files. */
  get byteLength(): number {
    return this.segments.reduce((n, s) => n + (s.offsets[s.offsets.length - 1] as number), this.arena.byteLength)
  }

  get segmentCount(): number {
    return this.segments.length
  }

  flush(): void {
    const dir = this.options.dir
    if (dir === undefined || this.arena.keyCount === 0) return
    const file = path.join(dir, `${this.options.name}-${String(this.segments.length).padStart(4, '0')}.seg`)
    const fd = fs.openSync(file, 'w+')
    const n = this.arena.keyCount
    const keys = new Int32Array(n)
    const offsets = new Float64Array(n + 1)
    const counts = new Uint32Array(n)
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
      keys[i] = key
      counts[i] = count
      offsets[i++] = written + filled
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
    offsets[n] = written
    this.segments.push({ file, fd, keys, offsets, counts })
    this.arena.reset()
  }

  close(): void {
    for (const segment of this.segments.splice(0)) fs.closeSync(segment.fd)
  }
}

function find(keys: Int32Array, key: number): number {
  let lo = 0
  let hi = keys.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const k = keys[mid] as number
    if (k === key) return mid
    if (k < key) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}
