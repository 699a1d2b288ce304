/**
 * Compaction: merging a posting family's segments into one file, in the background.
 *
 * A cold build writes a segment per 64 MB of sorted runs: 28 bigram and 9 unigram segments
 * at 100k articles. A lookup reads one directory block and one list per segment, so a
 * two-bigram query made ~60 reads, and with the page cache cold (after a build evicted it,
 * or a reboot) each was a disk read: measured at 100k, 13–20 ms for a query's first run
 * against 2.5–5 ms for its second, and the search bench's two-terms class missed its p95 by
 * these. One segment makes it two reads per key.
 *
 * The merge streams: each segment is read front to back in key ranges (a few hundred KB per
 * range, whatever its position), the ranges are merged as runs (`forEachMergedList`, which
 * re-bases each later part's first document delta on the previous part's last document) and
 * written by a SegmentWriter. `step` stops at a deadline, so the worker answers searches
 * between ranges; the segments being merged stay in use by queries until the merged one
 * replaces them.
 */
import { forEachMergedList, PostingRun } from './postingRun'
import { readFully, SegmentWriter, SPARSE, type Segment } from './segmentFile'

/** The last document of a stored list of `count` entries (the family knows its entry layout). */
export type LastDocOf = (bytes: Uint8Array, count: number) => number

/** Bytes of lists merged per key range: ~2–3 ms of work at 100k, the slices' granularity. */
const RANGE_BYTES = 128 * 1024
/** Bytes of a segment's directory read at a time. */
const DIRECTORY_WINDOW = 64 * 1024

/** The last document of a list whose entries are a varint doc delta and `extra` bytes. */
export function fixedEntriesLastDoc(extra: number): LastDocOf {
  return (bytes, count) => {
    let pos = 0
    let doc = -1
    for (let entry = 0; entry < count; entry++) {
      let b = bytes[pos++] as number
      let delta = b & 0x7f
      for (let shift = 128; b & 0x80; shift *= 128) {
        b = bytes[pos++] as number
        delta += (b & 0x7f) * shift
      }
      doc += delta
      pos += extra
    }
    return doc
  }
}

/**
 * Where to start merging segments of these sizes (oldest first), or −1: the oldest segment
 * whose size is at most twice the newer ones' together, when that leaves 2+ segments. After a
 * cold build (equal segments) that is all of them; afterwards a large merged segment stays as
 * it is until the segments written after it (updates) add up to half its size, so each byte
 * is rewritten a few times, not once per merge.
 */
export function mergeFrom(sizes: readonly number[]): number {
  let newer = 0
  let from = -1
  for (let i = sizes.length - 1; i >= 0; i--) {
    if (i < sizes.length - 1 && (sizes[i] as number) <= 2 * newer) from = i
    newer += sizes[i] as number
  }
  return from >= 0 && sizes.length - from >= 2 ? from : -1
}

/** Reads one segment's directory and lists front to back, a key range at a time. */
class SegmentReader {
  /** Keys read so far. */
  private n = 0
  private key = 0
  private readonly window: Uint8Array
  /** File offset of window[0], and the window's valid bytes and read position. */
  private windowStart: number
  private windowEnd = 0
  private at = 0
  /** File offset of the next list. */
  private listOffset = 0
  /** The next entry, decoded but not taken yet (when `peeked`). */
  private peeked = false
  private nextKey = 0
  private nextLength = 0
  private nextCount = 0

  constructor(
    private readonly segment: Segment,
    windowBytes: number,
  ) {
    this.window = new Uint8Array(windowBytes)
    this.windowStart = segment.directoryOffset
  }

  /** Keys not taken yet. */
  get remaining(): number {
    return this.segment.keyCount - this.n + (this.peeked ? 1 : 0)
  }

  /** The next key to take, or null at the end. */
  nextKeyOrNull(): number | null {
    return this.peek() ? this.nextKey : null
  }

  /**
   * The entries whose key is below `bound` (all that are left when null), stopping once
   * `maxBytes` of lists are taken, as a run: keys, list ends, counts, last documents (from
   * `lastDocOf`) and the lists' bytes, read at once.
   */
  take(bound: number | null, lastDocOf: LastDocOf, maxBytes = Infinity): PostingRun | null {
    const keys: number[] = []
    const lengths: number[] = []
    const counts: number[] = []
    let bytes = 0
    while (this.peek() && (bound === null || this.nextKey < bound) && bytes < maxBytes) {
      keys.push(this.nextKey)
      lengths.push(this.nextLength)
      counts.push(this.nextCount)
      bytes += this.nextLength
      this.peeked = false
    }
    if (keys.length === 0) return null
    const ends = new Uint32Array(keys.length)
    let total = 0
    for (let i = 0; i < keys.length; i++) ends[i] = total += lengths[i] as number
    const data = new Uint8Array(total)
    readFully(this.segment.fd, data, this.listOffset)
    this.listOffset += total
    const lastDocs = new Int32Array(keys.length)
    for (let i = 0, start = 0; i < keys.length; i++) {
      lastDocs[i] = lastDocOf(data.subarray(start, ends[i]), counts[i] as number)
      start = ends[i] as number
    }
    return new PostingRun(Int32Array.from(keys), ends, Uint32Array.from(counts), lastDocs, data, 0)
  }

  /** Decode the next directory entry into next*, unless it is there already; false at the end. */
  private peek(): boolean {
    if (this.peeked) return true
    if (this.n >= this.segment.keyCount) return false
    // An entry is three varints: ≤ 15 bytes.
    if (this.windowEnd - this.at < 15) this.refill()
    if (this.n % SPARSE === 0) this.key = this.segment.sparse[this.n / SPARSE] as number
    else this.key += this.varint()
    this.nextKey = this.key
    this.nextLength = this.varint()
    this.nextCount = this.varint()
    this.n++
    this.peeked = true
    return true
  }

  private refill(): void {
    const left = this.windowEnd - this.at
    this.window.copyWithin(0, this.at, this.windowEnd)
    this.windowStart += this.at
    const want = Math.min(this.window.length - left, this.segment.size - this.windowStart - left)
    if (want > 0)
      readFully(this.segment.fd, this.window.subarray(left, left + want), this.windowStart + left)
    this.windowEnd = left + Math.max(0, want)
    this.at = 0
  }

  private varint(): number {
    const bytes = this.window
    let b = bytes[this.at++] as number
    let value = b & 0x7f
    for (let shift = 128; b & 0x80; shift *= 128) {
      b = bytes[this.at++] as number
      value += (b & 0x7f) * shift
    }
    return value
  }
}

/** Sizes that tests make small: a merge's key range, directory window and directory spill. */
export interface CompactionTuning {
  rangeBytes?: number
  windowBytes?: number
  spillBytes?: number
}

/** A running merge of `segments` (oldest first) into the new segment `name`. */
export class SegmentCompaction {
  private readonly readers: SegmentReader[]
  private readonly writer: SegmentWriter
  private readonly rangeBytes: number

  constructor(
    dir: string,
    name: string,
    readonly segments: readonly Segment[],
    private readonly lastDocOf: LastDocOf,
    tuning: CompactionTuning = {},
  ) {
    this.rangeBytes = tuning.rangeBytes ?? RANGE_BYTES
    const windowBytes = Math.max(16, tuning.windowBytes ?? DIRECTORY_WINDOW)
    this.readers = segments.map((segment) => new SegmentReader(segment, windowBytes))
    this.writer = new SegmentWriter(dir, name, tuning.spillBytes)
  }

  /** Merge key ranges until performance.now() passes `deadline`; the new segment when done. */
  step(deadline: number): Segment | null {
    do {
      // The range ends where the reader with the most keys left has given RANGE_BYTES' share:
      // the segments hold alike distributed keys, so the others give about as much.
      const active = this.readers.filter((reader) => reader.remaining > 0)
      if (active.length === 0) return this.writer.finishStep(deadline)
      const lead = active.reduce((a, b) => (b.remaining > a.remaining ? b : a))
      const leadRun = lead.take(null, this.lastDocOf, this.rangeBytes / active.length)
      const bound = lead.nextKeyOrNull()
      const runs: PostingRun[] = []
      for (const reader of this.readers) {
        const run = reader === lead ? leadRun : reader.take(bound, this.lastDocOf)
        if (run !== null) runs.push(run)
      }
      forEachMergedList(runs, (key, count, _lastDoc, list) => this.writer.add(key, count, list))
    } while (performance.now() < deadline)
    return null
  }

  /** Stop and remove the unfinished file (the merged segments are untouched). */
  abort(): void {
    this.writer.abort()
  }
}
