/**
 * A run: immutable posting lists in memory, sorted by key, as one sorted batch of postings
 * (postingArena.ts) or a merge of runs produces them. Every list is one byte stream whose
 * entries start with varint(doc − previous doc), the first relative to −1, then the family's
 * payload (bigrams: the positions, see gramQuery.ts; unigram lists are blocks that start the
 * same way, their first document as varint(doc + 1), see unigramCoding.ts). Runs
 * hold consecutive document ranges, so a key's lists from older to newer runs concatenate
 * into one list once the first delta of each later part is re-based on the earlier part's
 * last document — which is why a run keeps each list's last document.
 */

export class PostingRun {
  constructor(
    /** Keys in ascending (signed) order. */
    readonly keys: Int32Array,
    /** End offset of each key's list in `data` (its start is the previous list's end). */
    readonly ends: Uint32Array,
    /** Entries (documents) per list. */
    readonly counts: Uint32Array,
    /** Last document of each list. */
    readonly lastDocs: Int32Array,
    readonly data: Uint8Array,
    /** Merge generation: runs of equal level are merged together (see SegmentedPostings). */
    readonly level: number,
  ) {}

  /** Bytes held: the lists and the per-key tables. */
  get byteLength(): number {
    return this.data.length + this.keys.length * 16
  }

  /** Index of `key`, or −1. */
  find(key: number): number {
    const keys = this.keys
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

  start(i: number): number {
    return i === 0 ? 0 : (this.ends[i - 1] as number)
  }

  /** The list at index i (a view, not a copy). */
  list(i: number): Uint8Array {
    return this.data.subarray(this.start(i), this.ends[i])
  }
}

/** Writes a varint; values up to 2^53. Returns the next offset. */
export function writeVarint(out: Uint8Array, at: number, value: number): number {
  if (value < 0x80000000) {
    while (value >= 0x80) {
      out[at++] = (value & 0x7f) | 0x80
      value >>>= 7
    }
  } else {
    while (value >= 0x80) {
      out[at++] = (value % 128) | 0x80
      value = Math.floor(value / 128)
    }
  }
  out[at++] = value
  return at
}

/**
 * Visit the merged lists of runs (oldest first, consecutive document ranges) in key order:
 * per key, the parts are concatenated in run order and each later part's first doc delta
 * is re-based on the previous part's last document. `list` is a reused buffer: copy it if
 * you keep it.
 */
export function forEachMergedList(
  runs: readonly PostingRun[],
  visit: (key: number, count: number, lastDoc: number, list: Uint8Array) => void,
): void {
  const r = runs.length
  const cursor = new Int32Array(r)
  let buffer = new Uint8Array(1 << 16)
  for (;;) {
    // Smallest key at the cursors (r is small: a scan).
    let key = 0
    let found = false
    for (let k = 0; k < r; k++) {
      const run = runs[k] as PostingRun
      const c = cursor[k] as number
      if (c < run.keys.length) {
        const candidate = run.keys[c] as number
        if (!found || candidate < key) key = candidate
        found = true
      }
    }
    if (!found) return
    let length = 0
    for (let k = 0; k < r; k++) {
      const run = runs[k] as PostingRun
      const c = cursor[k] as number
      if (run.keys[c] === key) length += (run.ends[c] as number) - run.start(c)
    }
    // Re-based first deltas never grow (doc − last < doc + 1): the parts' sizes bound the list.
    if (buffer.length < length) buffer = new Uint8Array(Math.max(length, buffer.length * 2))
    let out = 0
    let last = -1
    let count = 0
    for (let k = 0; k < r; k++) {
      const run = runs[k] as PostingRun
      const c = cursor[k] as number
      if (run.keys[c] !== key) continue
      cursor[k] = c + 1
      const end = run.ends[c] as number
      const bytes = run.data
      // Decode the part's first delta (relative to −1), write it relative to `last`.
      let pos = run.start(c)
      let b = bytes[pos++] as number
      let first = b & 0x7f
      for (let shift = 128; b & 0x80; shift *= 128) {
        b = bytes[pos++] as number
        first += (b & 0x7f) * shift
      }
      out = writeVarint(buffer, out, first - 1 - last)
      // Most lists are a few bytes: a loop beats allocating a subarray for set().
      if (end - pos < 64) while (pos < end) buffer[out++] = bytes[pos++] as number
      else {
        buffer.set(bytes.subarray(pos, end), out)
        out += end - pos
      }
      last = run.lastDocs[c] as number
      count += run.counts[c] as number
    }
    visit(key, count, last, buffer.subarray(0, out))
  }
}

/** Merge runs (oldest first, consecutive document ranges) into one run in memory. */
export function mergeRuns(runs: readonly PostingRun[], level: number): PostingRun {
  let keyBound = 0
  let dataBound = 0
  for (const run of runs) {
    keyBound += run.keys.length
    dataBound += run.data.length
  }
  const keys = new Int32Array(keyBound)
  const ends = new Uint32Array(keyBound)
  const counts = new Uint32Array(keyBound)
  const lastDocs = new Int32Array(keyBound)
  const data = new Uint8Array(dataBound)
  let n = 0
  let used = 0
  forEachMergedList(runs, (key, count, lastDoc, list) => {
    data.set(list, used)
    used += list.length
    keys[n] = key
    ends[n] = used
    counts[n] = count
    lastDocs[n++] = lastDoc
  })
  return new PostingRun(
    keys.slice(0, n),
    ends.slice(0, n),
    counts.slice(0, n),
    lastDocs.slice(0, n),
    data.subarray(0, used),
    level,
  )
}
