/**
 * Posting lists that do not stay in memory. Documents append entries to a batch
 * (postingArena.ts); a full batch is sorted into an in-memory run (postingRun.ts), runs of
 * equal size are merged, and when the runs pass `flushBytes` they are merged into one
 * immutable segment file (lists sorted by key, a small key directory kept in memory). A
 * lookup concatenates the key's list from every segment, then every run (documents only
 * grow, so the order holds); a pending batch is sorted into a run first, so a query always
 * sees every added document. Segment bytes are read with pread: they live in the OS page
 * cache, not in the heap.
 *
 * The segment file format is in segmentFile.ts.
 */
import fs from 'node:fs'
import path from 'node:path'
import { BATCH_ENTRIES, type PostingBatch } from './postingArena'
import { mergeRuns, type PostingRun } from './postingRun'
import {
  fixedEntriesLastDoc,
  mergeFrom,
  SegmentCompaction,
  type CompactionTuning,
  type LastDocOf,
} from './segmentCompaction'
import {
  lookup,
  openSegment,
  readFully,
  segmentState,
  writeSegment,
  type Segment,
  type SegmentState,
} from './segmentFile'

export type { SegmentState } from './segmentFile'
/** In memory, runs of one level are merged in groups of this many (few runs per lookup). */
const FAN = 4
/** With a folder, runs are merged when this many wait for a segment (tiny runs after updates). */
const MAX_RUNS = 16

/** One stored list of a key: its entry count, and its bytes on demand. */
export interface LocatedList {
  count: number
  /**
   * The list's bytes, valid until the next `read` of any list on this thread (a segment's are
   * read into one reused buffer): decode them before reading another list, or copy them.
   */
  read(): Uint8Array
}

/**
 * Segment lists are read into one buffer, reused: a query decodes each list before it reads
 * the next, and a fresh buffer per list was most of a common query's 4–5 MB of array buffers.
 * V8 starts a full collection after every ~64 MB of them, whose marking steps then slowed the
 * search worker's next few queries 3–8×. A list larger than READ_BUFFER_MAX gets its own.
 */
const READ_BUFFER_MAX = 8 * 1024 * 1024
let readBuffer = new Uint8Array(64 * 1024)

function readList(fd: number, offset: number, length: number): Uint8Array {
  if (length > READ_BUFFER_MAX) {
    const own = new Uint8Array(length)
    readFully(fd, own, offset)
    return own
  }
  if (readBuffer.length < length)
    readBuffer = new Uint8Array(Math.min(READ_BUFFER_MAX, Math.max(length, readBuffer.length * 2)))
  const bytes = readBuffer.subarray(0, length)
  readFully(fd, bytes, offset)
  return bytes
}

export interface DecodedList {
  docs: Int32Array
  /** `extra` bytes per entry, entry-major. */
  extras: Uint8Array
}

export interface SegmentedPostingsOptions {
  /** Folder for segment files; without it everything stays in memory. */
  dir?: string
  /** Name prefix of this list family's files (e.g. "bigram"). */
  name: string
  /**
   * Bytes per entry after the document delta (for `decode`; 0 when entries vary in length), or
   * with a batch that has its own `format` (unigrams), bytes per entry that `decode` returns.
   */
  extra: number
  /** Bytes of runs in memory before they are written to a segment (default 64 MB). */
  flushBytes?: number
  /**
   * The last document of a stored list (for compaction); default: the batch's format's, else
   * entries of `extra` bytes.
   */
  lastDoc?: LastDocOf
  /** Compaction's sizes (tests make them small to cover many ranges). */
  compaction?: CompactionTuning
  /**
   * Restored segments are only read, and nothing is written into `dir`: new lists stay in
   * memory as runs, no segment is flushed, merged or removed (another process owns the folder,
   * or it cannot be written).
   */
  readOnly?: boolean
}

/** A family with fewer segments is not merged (`compactStep`). */
const COMPACT_FROM = 3

export class SegmentedPostings<B extends PostingBatch = PostingBatch> {
  private readonly runs: PostingRun[] = []
  private runBytes = 0
  private readonly segments: Segment[] = []
  private readonly flushBytes: number
  /** Where segments are written: `dir`, unless read-only. */
  private readonly writeDir: string | undefined
  /** Segment files written or restored so far (names stay unique when segments are dropped). */
  private nextSegment = 0
  /** Pending entries sorted into a run at once (smaller with a small `flushBytes`, for tests). */
  readonly batchEntries: number
  /** The merge of the oldest segments into one, while it runs (segmentCompaction.ts). */
  private compaction: SegmentCompaction | null = null
  /**
   * Files of segments replaced by a compaction: the last saved snapshot may still name them,
   * so they are removed only once a newer snapshot is written (`removeReplaced`).
   */
  private replaced: string[] = []
  /** Merged segments not yet fsynced (`syncMerged`). */
  private readonly unsynced: string[] = []
  /** Compactions finished so far. */
  merges = 0

  constructor(
    private readonly options: SegmentedPostingsOptions,
    /** Where documents append their entries (the family's batch kind). */
    readonly batch: B,
  ) {
    this.flushBytes = options.flushBytes ?? 64 * 1024 * 1024
    this.writeDir = options.readOnly ? undefined : options.dir
    this.batchEntries = Math.min(BATCH_ENTRIES, Math.max(1024, Math.floor(this.flushBytes / 8)))
  }

  get extra(): number {
    return this.options.extra
  }

  /** Sort the pending entries into a run; merge runs; write a segment when they are many. */
  sealPending(mayFlush = true): void {
    const run = this.batch.seal()
    if (run === null) return
    this.runs.push(run)
    this.runBytes += run.byteLength
    if (this.writeDir !== undefined) {
      // Runs go to a segment at flushBytes; until then only many tiny runs (one per query
      // after single updates) are worth merging.
      if (mayFlush && this.runBytes >= this.flushBytes) this.flush()
      else if (this.runs.length >= MAX_RUNS) this.mergeNewestRuns(MAX_RUNS / 2)
      return
    }
    for (;;) {
      const n = this.runs.length
      if (n < FAN) break
      const level = (this.runs[n - 1] as PostingRun).level
      let same = 0
      while (same < FAN && (this.runs[n - 1 - same] as PostingRun).level === level) same++
      if (same < FAN) break
      const merged = mergeRuns(this.runs.slice(n - FAN), level + 1)
      this.runs.splice(n - FAN, FAN, merged)
      this.runBytes = this.runs.reduce((sum, r) => sum + r.byteLength, 0)
    }
  }

  /**
   * Merge the newest `count` runs: after a bulk build these are the tiny ones (one per query
   * after single updates), so this stays cheap, unlike merging the large runs with them.
   */
  private mergeNewestRuns(count: number): void {
    const newest = this.runs.splice(this.runs.length - count, count)
    this.runs.push(mergeRuns(newest, (newest[0] as PostingRun).level + 1))
    this.runBytes = this.runs.reduce((sum, r) => sum + r.byteLength, 0)
  }

  /** Call between documents: sorts a full batch. */
  maybeFlush(): void {
    if (this.batch.pending >= this.batchEntries) this.sealPending()
  }

  documentFrequency(key: number): number {
    let n = 0
    for (const list of this.locate(key)) n += list.count
    return n
  }

  decode(key: number): DecodedList {
    const extra = this.options.extra
    const lists = this.locate(key)
    let total = 0
    for (const list of lists) total += list.count
    const docs = new Int32Array(total)
    const extras = new Uint8Array(total * extra)
    let at = 0
    const format = this.batch.format
    for (const list of lists) {
      if (format !== null) format.decode(list.read(), list.count, docs, extras, at)
      else decodeStream(list.read(), list.count, extra, docs, extras, at)
      at += list.count
    }
    return { docs, extras }
  }

  /** A key's lists as contiguous byte streams, oldest first (segments, then runs). */
  rawLists(key: number): { count: number; bytes: Uint8Array }[] {
    return this.locate(key).map((list) => ({ count: list.count, bytes: list.read().slice() }))
  }

  /**
   * Where a key's lists are (segments oldest first, then the runs in memory), with their
   * entry counts, reading no list bytes yet: a query sums the counts to order its lists
   * (rarest first) and reads only the lists it needs, looking each key up once.
   */
  locate(key: number): LocatedList[] {
    // Sorting what is pending costs ~0.1 s after a bulk of adds; writing a segment is left to
    // the next add or save, so a query never waits for one.
    if (this.batch.pending > 0) this.sealPending(false)
    const out: LocatedList[] = []
    for (const segment of this.segments) {
      const found = lookup(segment, key)
      if (found === null) continue
      out.push({
        count: found.count,
        read: () => readList(segment.fd, found.offset, found.length),
      })
    }
    for (const run of this.runs) {
      const i = run.find(key)
      if (i >= 0) out.push({ count: run.counts[i] as number, read: () => run.list(i) })
    }
    return out
  }

  /** Keys per run and per segment (a key in two of them counts twice). */
  get keyCount(): number {
    return (
      this.segments.reduce((n, s) => n + s.keyCount, 0) +
      this.runs.reduce((n, r) => n + r.keys.length, 0)
    )
  }

  /** Bytes of postings, in memory and in segment files (directories included). */
  get byteLength(): number {
    return this.segments.reduce(
      (n, s) => n + s.size,
      this.runs.reduce((n, r) => n + r.data.length + r.keys.length * 12, 0),
    )
  }

  /** Write what is in memory to a segment and describe every segment (for a snapshot). */
  state(): SegmentState[] {
    this.flush()
    return this.segments.map(segmentState)
  }

  /**
   * Reopen the segments of a snapshot (nothing may have been added yet). This family's other
   * segment files go: a merge's output no snapshot took up, or segments a merge replaced.
   */
  restore(states: readonly SegmentState[]): void {
    const dir = this.options.dir
    if (dir === undefined) throw new Error('search: restoring segments needs a folder')
    for (const state of states) {
      this.segments.push(openSegment(dir, state))
      const number = Number(/-(\d+)\.seg$/.exec(state.name)?.[1] ?? -1)
      this.nextSegment = Math.max(this.nextSegment, number + 1)
    }
    if (this.options.readOnly) return
    const named = new Set(states.map((state) => state.name))
    const mine = new RegExp(`^${this.options.name}-\\d+\\.seg(?:\\.dir)?$`)
    for (const file of fs.readdirSync(dir))
      if (mine.test(file) && !named.has(file)) fs.rmSync(path.join(dir, file), { force: true })
  }

  /**
   * Merge segments, a slice at a time: runs until performance.now() passes `deadline` and
   * returns true when there is nothing (more) to merge. Which segments: the newest ones whose
   * oldest is not much larger than the rest together (`mergeFrom`), so a big merged segment
   * is rewritten only once the newer ones add up; the runs in memory join. Segments written
   * meanwhile (updates) stay after the merged one; queries read the old ones until it is done.
   */
  compactStep(deadline: number): boolean {
    const dir = this.writeDir
    if (this.compaction === null) {
      const pending = this.runs.length > 0 || this.batch.pending > 0 ? 1 : 0
      if (dir === undefined || this.segments.length + pending < COMPACT_FROM) return true
      // The runs in memory (up to flushBytes after a build) join the merge, not a later save.
      this.flush()
      const from = mergeFrom(this.segments.map((segment) => segment.size))
      if (from < 0) return true
      const name = this.newSegmentName()
      const lastDoc =
        this.options.lastDoc ??
        this.batch.format?.lastDoc ??
        fixedEntriesLastDoc(this.options.extra)
      this.compaction = new SegmentCompaction(
        dir,
        name,
        this.segments.slice(from),
        lastDoc,
        this.options.compaction,
      )
    }
    const merged = this.compaction.step(deadline)
    if (merged === null) return false
    const old = this.compaction.segments
    this.compaction = null
    // Only appends happened meanwhile: the merged segments are still where they were.
    this.segments.splice(this.segments.indexOf(old[0] as Segment), old.length, merged)
    for (const segment of old) {
      fs.closeSync(segment.fd)
      this.replaced.push(segment.name)
    }
    this.unsynced.push(merged.name)
    this.merges++
    return true
  }

  /** fsync merged segments (off this thread) before a snapshot names them: no torn file. */
  async syncMerged(): Promise<void> {
    const dir = this.options.dir
    if (dir === undefined) return
    for (const name of this.unsynced.splice(0)) {
      // Read-write: Windows flushes (FlushFileBuffers) only through a handle that may write.
      const handle = await fs.promises.open(path.join(dir, name), 'r+')
      try {
        await handle.sync()
      } finally {
        await handle.close()
      }
    }
  }

  /** Whether a compaction is under way (started and not finished or aborted). */
  get compacting(): boolean {
    return this.compaction !== null
  }

  /** Stop a running compaction and remove its unfinished file. */
  abortCompaction(): void {
    this.compaction?.abort()
    this.compaction = null
  }

  /** Whether segments replaced by a compaction still have their files. */
  get hasReplaced(): boolean {
    return this.replaced.length > 0
  }

  /** Remove the files of segments that a compaction replaced: call once a snapshot is written. */
  removeReplaced(): void {
    const dir = this.options.dir
    if (dir === undefined) return
    for (const name of this.replaced.splice(0)) fs.rmSync(path.join(dir, name), { force: true })
  }

  get segmentCount(): number {
    return this.segments.length
  }

  /** The file names of the segments in use (not of those a merge replaced). */
  get segmentFiles(): string[] {
    return this.segments.map((segment) => segment.name)
  }

  /** Sort what is pending and, with a folder, write every run into one new segment. */
  flush(): void {
    this.sealPending(false)
    const dir = this.writeDir
    if (dir === undefined || this.runs.length === 0) return
    this.segments.push(writeSegment(dir, this.newSegmentName(), this.runs))
    this.runs.length = 0
    this.runBytes = 0
  }

  /** A segment file name not used yet in this folder (`<family>-NNNN.seg`). */
  private newSegmentName(): string {
    return `${this.options.name}-${String(this.nextSegment++).padStart(4, '0')}.seg`
  }

  close(): void {
    this.abortCompaction()
    for (const segment of this.segments.splice(0)) fs.closeSync(segment.fd)
    this.runs.length = 0
    this.runBytes = 0
  }
}

/**
 * Decode `count` entries of fixed `extra` bytes from one stream into `docs` and `extras`
 * starting at entry `at`. The first delta of a stream is relative to −1.
 */
export function decodeStream(
  bytes: Uint8Array,
  count: number,
  extra: number,
  docs: Int32Array,
  extras: Uint8Array,
  at: number,
): void {
  let pos = 0
  let doc = -1
  for (let entry = at; entry < at + count; entry++) {
    let b = bytes[pos++] as number
    let delta = b & 0x7f
    for (let shift = 128; b & 0x80; shift *= 128) {
      b = bytes[pos++] as number
      delta += (b & 0x7f) * shift
    }
    doc += delta
    docs[entry] = doc
    for (let k = 0; k < extra; k++) extras[entry * extra + k] = bytes[pos++] as number
  }
}
