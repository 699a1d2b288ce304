/**
 * The write side of the gram postings: sort-based inversion. Documents append flat
 * (key, document, value) entries to typed arrays — no hash table, no per-key structure —
 * and a batch of a few million entries is sorted by key at once (a stable LSD radix sort,
 * two 16-bit passes, the document and value carried along) and encoded into a PostingRun.
 * Measured at 3k articles: the previous design (per-key appends into chained blocks, keys
 * in an open-addressing hash) spent 2.6 ms per article here, most of it in cache misses on
 * a 64 MB arena and a hash of millions of keys; sorting touches each entry a few times,
 * sequentially. (Looking documents up per entry after the sort, by position, cost more
 * than carrying them: branch misses of a binary search, or cache misses of a table.)
 *
 * Two batch kinds, one per list family (see postingRun.ts for the list format):
 * - UnigramBatch: (unit, doc, tf) → one bit-packed block per key (unigramCoding.ts);
 * - BigramBatch: (pair, doc, position) → per document varint doc delta, then the positions
 *   (see postingRun.ts: the first one carries whether it is the only one).
 */
import { PostingRun } from './postingRun'
import type { LastDocOf } from './segmentCompaction'
import { encodeBlock, planBlock } from './unigramCoding'
import { decodeUnigramList, unigramListLastDoc } from './unigramDecoding'

/**
 * Entries sorted into one run at a time. Bounds the batches' memory: 12 bytes per entry per
 * family, plus 24 of sort scratch shared by both (1.5M entries: 2 × 18 + 36 MB).
 */
export const BATCH_ENTRIES = 3 << 19

/** Scratch shared by the sorts of one thread (batches are sealed one at a time). */
const scratch = {
  keys: [new Int32Array(0), new Int32Array(0)],
  docs: [new Int32Array(0), new Int32Array(0)],
  values: [new Int32Array(0), new Int32Array(0)],
  histogram: new Uint32Array(65536),
}

interface Sorted {
  keys: Int32Array
  docs: Int32Array
  values: Int32Array
}

/**
 * Sort entries [0, n) by signed key, stably, carrying their doc and value: LSD radix sort,
 * low 16 bits then high 16 bits (sign bit flipped). Passes where every key falls into one
 * bucket are skipped. Returns views (on scratch arrays or the inputs; valid until the next sort).
 */
function sortByKey(input: Sorted, n: number): Sorted {
  if ((scratch.keys[0] as Int32Array).length < n) {
    const size = Math.max(n, (scratch.keys[0] as Int32Array).length * 2)
    for (const arrays of [scratch.keys, scratch.docs, scratch.values]) {
      arrays[0] = new Int32Array(size)
      arrays[1] = new Int32Array(size)
    }
  }
  let inKeys = input.keys
  let inDocs = input.docs
  let inValues = input.values
  let target = 0
  const histogram = scratch.histogram
  for (let pass = 0; pass < 2; pass++) {
    histogram.fill(0)
    const high = pass === 1
    for (let i = 0; i < n; i++) {
      const k = inKeys[i] as number
      const bucket = high ? (k >>> 16) ^ 0x8000 : k & 0xffff
      histogram[bucket] = (histogram[bucket] as number) + 1
    }
    let used = 0
    let total = 0
    for (let b = 0; b < 65536; b++) {
      const c = histogram[b] as number
      if (c !== 0) used++
      histogram[b] = total
      total += c
    }
    if (used <= 1) continue
    const outKeys = scratch.keys[target] as Int32Array
    const outDocs = scratch.docs[target] as Int32Array
    const outValues = scratch.values[target] as Int32Array
    for (let i = 0; i < n; i++) {
      const k = inKeys[i] as number
      const bucket = high ? (k >>> 16) ^ 0x8000 : k & 0xffff
      const at = histogram[bucket] as number
      histogram[bucket] = at + 1
      outKeys[at] = k
      outDocs[at] = inDocs[i] as number
      outValues[at] = inValues[i] as number
    }
    inKeys = outKeys
    inDocs = outDocs
    inValues = outValues
    target = 1 - target
  }
  return {
    keys: inKeys.subarray(0, n),
    docs: inDocs.subarray(0, n),
    values: inValues.subarray(0, n),
  }
}

/** Distinct keys of a sorted key array. */
function countDistinct(sorted: Int32Array): number {
  let distinct = 0
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++
  return distinct
}

/** Growable output buffer for encoding one run (copied out exactly at the end). */
let encodeBuffer = new Uint8Array(1 << 20)
function ensureEncode(used: number, more: number): Uint8Array {
  if (used + more > encodeBuffer.length) {
    const grown = new Uint8Array(Math.max(encodeBuffer.length * 2, used + more))
    grown.set(encodeBuffer.subarray(0, used))
    encodeBuffer = grown
  }
  return encodeBuffer
}

function grownInt32(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size)
  b.set(a)
  return b
}

/**
 * Pending (key, doc, value) entries. Documents must arrive in increasing order. Hot loops
 * (GramIndex.addDocument) write the arrays directly after `reserve`, then set `n`.
 */
export abstract class PostingBatch {
  /**
   * How the family's lists are read back, when its entries are not a varint doc delta and
   * `extra` bytes (SegmentedPostings.decode, and compaction's last documents).
   */
  readonly format: ListFormat | null = null
  n = 0
  keys = new Int32Array(1 << 12)
  docs = new Int32Array(1 << 12)
  values = new Int32Array(1 << 12)

  /** Entries waiting to be sorted. */
  get pending(): number {
    return this.n
  }

  /** Make room for `more` entries. */
  reserve(more: number): void {
    if (this.n + more <= this.keys.length) return
    // Doubling, but not far past a batch: at 2M entries a doubling would add 24 MB for nothing.
    const size = Math.max(Math.min(this.keys.length * 2, BATCH_ENTRIES + (1 << 16)), this.n + more)
    this.keys = grownInt32(this.keys, size)
    this.docs = grownInt32(this.docs, size)
    this.values = grownInt32(this.values, size)
  }

  push(key: number, doc: number, value: number): void {
    const i = this.n++
    this.keys[i] = key
    this.docs[i] = doc
    this.values[i] = value
  }

  /** Sort the pending entries into a run (null when nothing is pending) and start over. */
  seal(): PostingRun | null {
    const n = this.n
    if (n === 0) return null
    this.n = 0
    const sorted = sortByKey(this, n)
    const distinct = countDistinct(sorted.keys)
    const run = new PostingRun(
      new Int32Array(distinct),
      new Uint32Array(distinct),
      new Uint32Array(distinct),
      new Int32Array(distinct),
      new Uint8Array(0),
      0,
    )
    const used = this.encode(sorted, n, run)
    return new PostingRun(
      run.keys,
      run.ends,
      run.counts,
      run.lastDocs,
      encodeBuffer.slice(0, used),
      0,
    )
  }

  /** Write the sorted entries' lists into encodeBuffer and fill the run's tables; returns bytes. */
  protected abstract encode(sorted: Sorted, n: number, run: PostingRun): number
}

/** A family's list reader (PostingBatch.format). */
export interface ListFormat {
  /** Decode a stored list of `count` entries into docs[at..] and extras[at..] (one byte each). */
  decode(bytes: Uint8Array, count: number, docs: Int32Array, extras: Uint8Array, at: number): void
  lastDoc: LastDocOf
}

const UNIGRAM_FORMAT: ListFormat = { decode: decodeUnigramList, lastDoc: unigramListLastDoc }

/** Unigram entries: (unit, doc, tf) → per key one block of Rice codes (unigramCoding.ts). */
export class UnigramBatch extends PostingBatch {
  override readonly format = UNIGRAM_FORMAT

  protected encode(sorted: Sorted, n: number, run: PostingRun): number {
    const { keys: sortedKeys, docs, values } = sorted
    const { keys, ends, counts, lastDocs } = run
    let out: Uint8Array = encodeBuffer
    let used = 0
    let k = -1
    let i = 0
    while (i < n) {
      const key = sortedKeys[i] as number
      let groupEnd = i + 1
      while (groupEnd < n && sortedKeys[groupEnd] === key) groupEnd++
      const plan = planBlock(docs, values, i, groupEnd)
      if (used + plan.bound > out.length) out = ensureEncode(used, plan.bound)
      used = encodeBlock(out, used, -1, docs, values, i, groupEnd, plan)
      keys[++k] = key
      ends[k] = used
      counts[k] = groupEnd - i
      lastDocs[k] = docs[groupEnd - 1] as number
      i = groupEnd
    }
    return used
  }
}

/**
 * Bigram entries: (pair, doc, position) → per document varint doc delta, varint(first position
 * × 2 + 1 when it is the document's only one), then, when it is not, varint tf and the tf − 1
 * other position deltas.
 */
export class BigramBatch extends PostingBatch {
  protected encode(sorted: Sorted, n: number, run: PostingRun): number {
    const { keys: sortedKeys, docs, values } = sorted
    const { keys, ends, counts, lastDocs } = run
    // Worst case per entry: doc delta, tf and position varints of 5 bytes each.
    let out = ensureEncode(0, n * 4)
    let used = 0
    let k = -1
    let i = 0
    while (i < n) {
      const key = sortedKeys[i] as number
      // One key's entries: [i, groupEnd), in (doc, position) order (the sort is stable).
      let groupEnd = i + 1
      while (groupEnd < n && sortedKeys[groupEnd] === key) groupEnd++
      if (used + (groupEnd - i) * 15 > out.length) out = ensureEncode(used, (groupEnd - i) * 15)
      keys[++k] = key
      let last = -1
      let count = 0
      while (i < groupEnd) {
        const doc = docs[i] as number
        let tfEnd = i + 1
        while (tfEnd < groupEnd && docs[tfEnd] === doc) tfEnd++
        let v = doc - last
        while (v >= 0x80) {
          out[used++] = (v & 0x7f) | 0x80
          v >>>= 7
        }
        out[used++] = v
        const tf = tfEnd - i
        let previous = values[i] as number
        // Positions stay below 2^30 (a document's text is a JS string), so × 2 fits 31 bits.
        v = previous * 2 + (tf === 1 ? 1 : 0)
        while (v >= 0x80) {
          out[used++] = (v & 0x7f) | 0x80
          v >>>= 7
        }
        out[used++] = v
        i++
        if (tf > 1) {
          v = tf
          while (v >= 0x80) {
            out[used++] = (v & 0x7f) | 0x80
            v >>>= 7
          }
          out[used++] = v
        }
        for (; i < tfEnd; i++) {
          const position = values[i] as number
          v = position - previous
          while (v >= 0x80) {
            out[used++] = (v & 0x7f) | 0x80
            v >>>= 7
          }
          out[used++] = v
          previous = position
        }
        last = doc
        count++
      }
      ends[k] = used
      counts[k] = count
      lastDocs[k] = last
    }
    return used
  }
}
