/**
 * The read side of the gram postings: which documents contain a run of gram units, and how
 * often. Bigram entries are varint doc delta, varint(first position × 2 + 1 when it is the
 * only one), and otherwise varint tf and the tf − 1 other position deltas (most pairs occur
 * once in a document: the flag saves their tf byte); each stored list (one per segment, then
 * the arena's) restarts its doc deltas at −1.
 *
 * A run of 3+ units intersects its bigram lists rarest first, keeping the start positions p
 * where bigram i occurs at p + i. Only the rarest list is decoded whole; every further list
 * is streamed against the surviving candidates: entries of other documents are skipped
 * without decoding their positions, and the stream stops after the last candidate. At 100k
 * articles a common bigram's list holds ~1–2 MB of positions, so this is what keeps 3–8
 * character queries of common characters cheap.
 */
import type { GramCandidates } from './gramIndex'
import type { LocatedList, SegmentedPostings } from './segmentedPostings'
import { bigramKey, unigramKey } from './tokens'

/**
 * Once this few candidates remain, reading their text is cheaper than streaming the rest of
 * the (common) bigram lists: at 100k articles a common list costs milliseconds, a stored text
 * ~5 µs. A text read again from its article file costs ~150–250 µs (derivedText.ts): then
 * only a handful are worth it (TEXT_FROM_FILES_VERIFY_BELOW).
 */
export const VERIFY_BELOW = 32
export const TEXT_FROM_FILES_VERIFY_BELOW = 4

/** Start positions per document: entry i's positions are positions[starts[i] .. starts[i + 1]). */
export interface PositionalList {
  docs: Int32Array
  starts: Uint32Array
  positions: Int32Array
}

const EMPTY: PositionalList = {
  docs: new Int32Array(0),
  starts: new Uint32Array(1),
  positions: new Int32Array(0),
}

export interface GramMatches extends GramCandidates {
  /**
   * The first start position per entry of `docs` (in title + ' ' + body coordinates) when the
   * run is proven; null for single units (unigram lists hold no positions). A start below the
   * title's length is a title match: the title check costs no string search.
   */
  first: Int32Array | null
  /** Every start per document, when asked for and the run is proven (2+ units). */
  positions?: PositionalList
}

/** The documents containing a run of gram units (the whole run must be gram units), with counts. */
export function gramCandidates(
  unigrams: SegmentedPostings,
  bigrams: SegmentedPostings,
  run: string,
  withPositions = false,
  /**
   * When set (ascending), only these documents can matter (the other terms' candidates so
   * far): entries of other documents are skipped undecoded, and the answer covers these only.
   */
  within: Int32Array | null = null,
  verifyBelow = VERIFY_BELOW,
): GramMatches {
  if (run.length === 1) {
    const list = unigrams.decode(unigramKey(run.charCodeAt(0)))
    return { docs: list.docs, tf: list.extras, first: null }
  }
  if (run.length === 2) {
    const lists = bigrams.locate(bigramKey(run.charCodeAt(0), run.charCodeAt(1)))
    // Counts alone skip every position: cheaper than decoding those `within` (which only
    // narrows: the caller intersects).
    if (!withPositions) return countsOnly(lists)
    let total = 0
    for (const list of lists) total += list.count
    return proven(decodeShifted(lists, 0, total, within))
  }
  const parts: { lists: LocatedList[]; offset: number; df: number }[] = []
  for (let i = 0; i + 1 < run.length; i++) {
    const lists = bigrams.locate(bigramKey(run.charCodeAt(i), run.charCodeAt(i + 1)))
    let df = 0
    for (const list of lists) df += list.count
    if (df === 0)
      return { docs: new Int32Array(0), tf: new Uint8Array(0), first: new Int32Array(0) }
    parts.push({ lists, offset: i, df })
  }
  parts.sort((a, b) => a.df - b.df)
  let current: PositionalList = EMPTY
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k] as (typeof parts)[number]
    current =
      k === 0
        ? decodeShifted(part.lists, part.offset, part.df, within)
        : alignStream(current, part.lists, part.offset)
    if (current.docs.length === 0) break
    if (current.docs.length <= verifyBelow && k + 1 < parts.length)
      return { docs: current.docs, tf: null, first: null }
  }
  return proven(current)
}

/** Counts and first starts of a proven run's positions (which are kept for closeness). */
function proven(found: PositionalList): GramMatches {
  const tf = new Uint8Array(found.docs.length)
  const first = new Int32Array(found.docs.length)
  for (let i = 0; i < tf.length; i++) {
    const start = found.starts[i] as number
    tf[i] = Math.min(255, (found.starts[i + 1] as number) - start)
    first[i] = found.positions[start] as number
  }
  return { docs: found.docs, tf, first, positions: found }
}

/**
 * The start positions of a run of 2+ gram units in the documents `within` (ascending), in
 * title + ' ' + body coordinates: the rarest bigram decoded for those documents only, the
 * others aligned to it. For ranking's closeness of a few hundred documents, where reading
 * their texts cost more than the lists.
 */
export function gramPositionsWithin(
  bigrams: SegmentedPostings,
  run: string,
  within: Int32Array,
): PositionalList {
  const parts: { lists: LocatedList[]; offset: number; df: number }[] = []
  for (let i = 0; i + 1 < run.length; i++) {
    const lists = bigrams.locate(bigramKey(run.charCodeAt(i), run.charCodeAt(i + 1)))
    let df = 0
    for (const list of lists) df += list.count
    parts.push({ lists, offset: i, df })
  }
  parts.sort((a, b) => a.df - b.df)
  let current: PositionalList = EMPTY
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k] as (typeof parts)[number]
    current =
      k === 0
        ? decodeShifted(part.lists, part.offset, part.df, within)
        : alignStream(current, part.lists, part.offset)
    if (current.docs.length === 0) break
  }
  return current
}

/** Documents, occurrence counts and first positions of one bigram, skipping the other positions. */
function countsOnly(lists: LocatedList[]): GramMatches {
  let total = 0
  for (const list of lists) total += list.count
  const docs = new Int32Array(total)
  const tf = new Uint8Array(total)
  const first = new Int32Array(total)
  let entry = 0
  for (const list of lists) {
    const bytes = list.read()
    let pos = 0
    let doc = -1
    for (let k = 0; k < list.count; k++) {
      pos = readEntryHeader(bytes, pos)
      doc += header.delta
      const count = header.count
      docs[entry] = doc
      first[entry] = header.first
      tf[entry++] = count > 255 ? 255 : count
      pos = skipVarints(bytes, pos, count - 1)
    }
  }
  return { docs, tf, first }
}

/**
 * Every entry of a bigram's lists, positions shifted to run starts (position − offset ≥ 0);
 * with `within` (ascending), only the entries of those documents, the others skipped undecoded.
 */
export function decodeShifted(
  lists: LocatedList[],
  offset: number,
  total: number,
  within: Int32Array | null = null,
): PositionalList {
  if (within !== null) total = Math.min(total, within.length)
  const docs = new Int32Array(total)
  const starts = new Uint32Array(total + 1)
  let positions = new Int32Array(Math.max(16, total * 4))
  let n = 0
  let stored = 0
  let w = 0
  for (const list of lists) {
    const bytes = list.read()
    let pos = 0
    let doc = -1
    for (let k = 0; k < list.count; k++) {
      pos = readEntryHeader(bytes, pos)
      doc += header.delta
      const count = header.count
      if (within !== null) {
        while (w < within.length && (within[w] as number) < doc) w++
        if (w >= within.length || within[w] !== doc) {
          pos = skipVarints(bytes, pos, count - 1)
          continue
        }
      }
      if (stored + count > positions.length) {
        const grown = new Int32Array(Math.max(positions.length * 2, stored + count))
        grown.set(positions.subarray(0, stored))
        positions = grown
      }
      const begin = stored
      let position = header.first
      if (position >= offset) positions[stored++] = position - offset
      for (let t = 1; t < count; t++) {
        // Inlined: a function call per position cost ~10 % of query time.
        let b = bytes[pos++] as number
        let delta = b & 0x7f
        for (let shift = 128; b & 0x80; shift *= 128) {
          b = bytes[pos++] as number
          delta += (b & 0x7f) * shift
        }
        position += delta
        if (position >= offset) positions[stored++] = position - offset
      }
      if (stored > begin) {
        docs[n] = doc
        starts[n++] = begin
      }
    }
  }
  starts[n] = stored
  return {
    docs: docs.subarray(0, n),
    starts: starts.subarray(0, n + 1),
    positions: positions.subarray(0, stored),
  }
}

/**
 * Keep the documents and start positions s of `current` where the streamed bigram has a
 * position s + offset. Entries of documents not in `current` are skipped undecoded.
 */
export function alignStream(
  current: PositionalList,
  lists: LocatedList[],
  offset: number,
): PositionalList {
  const cur = current.docs
  let entries = 0
  for (const list of lists) entries += list.count
  // Sized by the smaller side: a short list against many candidates allocates little.
  const docs = new Int32Array(Math.min(cur.length, entries))
  const starts = new Uint32Array(docs.length + 1)
  let positions = new Int32Array(Math.min(current.positions.length, Math.max(16, entries * 2)))
  let n = 0
  let stored = 0
  let i = 0
  for (const list of lists) {
    if (i >= cur.length) break
    const bytes = list.read()
    let pos = 0
    let doc = -1
    for (let k = 0; k < list.count && i < cur.length; k++) {
      pos = readEntryHeader(bytes, pos)
      doc += header.delta
      const count = header.count
      if (i < cur.length && (cur[i] as number) < doc) i = gallop(cur, i, doc)
      if (i >= cur.length || cur[i] !== doc) {
        pos = skipVarints(bytes, pos, count - 1)
        continue
      }
      // Merge this document's positions (ascending) with the candidate starts + offset.
      const begin = stored
      const room =
        stored + Math.min(count, (current.starts[i + 1] as number) - (current.starts[i] as number))
      if (room > positions.length) {
        const grown = new Int32Array(
          Math.min(current.positions.length, Math.max(room, positions.length * 2)),
        )
        grown.set(positions.subarray(0, stored))
        positions = grown
      }
      let a = current.starts[i] as number
      const aEnd = current.starts[i + 1] as number
      let position = header.first
      for (let t = 0; t < count; t++) {
        if (t > 0) {
          // Inlined: a function call per position cost ~10 % of query time.
          let b = bytes[pos++] as number
          let delta = b & 0x7f
          for (let shift = 128; b & 0x80; shift *= 128) {
            b = bytes[pos++] as number
            delta += (b & 0x7f) * shift
          }
          position += delta
        }
        while (a < aEnd && (current.positions[a] as number) + offset < position) a++
        if (a < aEnd && (current.positions[a] as number) + offset === position)
          positions[stored++] = current.positions[a++] as number
      }
      if (stored > begin) {
        docs[n] = doc
        starts[n++] = begin
      }
      i++
    }
  }
  starts[n] = stored
  return {
    docs: docs.subarray(0, n),
    starts: starts.subarray(0, n + 1),
    positions: positions.subarray(0, stored),
  }
}

/** The last document of a stored bigram list of `count` entries (for compaction's merge). */
export function bigramListLastDoc(bytes: Uint8Array, count: number): number {
  let pos = 0
  let doc = -1
  for (let k = 0; k < count; k++) {
    pos = readEntryHeader(bytes, pos)
    doc += header.delta
    pos = skipVarints(bytes, pos, header.count - 1)
  }
  return doc
}

/** The header of the entry last read by readEntryHeader (one object: hot loops allocate nothing). */
export const header = { delta: 0, first: 0, count: 0 }

/**
 * Reads a bigram entry's header: varint doc delta, varint(first position × 2 + 1 when it is
 * the only one), and when it is not, varint count. Leaves them in `header`; returns the offset
 * of the other position deltas (count − 1 varints).
 */
export function readEntryHeader(bytes: Uint8Array, pos: number): number {
  // Inlined varints (calls to a varint reader here cost ~25 % of query time): once per entry.
  let b = bytes[pos++] as number
  let delta = b & 0x7f
  for (let shift = 128; b & 0x80; shift *= 128) {
    b = bytes[pos++] as number
    delta += (b & 0x7f) * shift
  }
  b = bytes[pos++] as number
  let head = b & 0x7f
  for (let shift = 128; b & 0x80; shift *= 128) {
    b = bytes[pos++] as number
    head += (b & 0x7f) * shift
  }
  let count = 1
  if ((head & 1) === 0) {
    b = bytes[pos++] as number
    count = b & 0x7f
    for (let shift = 128; b & 0x80; shift *= 128) {
      b = bytes[pos++] as number
      count += (b & 0x7f) * shift
    }
  }
  header.delta = delta
  // Positions stay below 2^30 (postingArena.ts), so the head fits 31 bits.
  header.first = head >>> 1
  header.count = count
  return pos
}

/** Skips `n` varints (counting the bytes without a continuation bit); returns the next offset. */
export function skipVarints(bytes: Uint8Array, pos: number, n: number): number {
  for (let left = n; left > 0;) if (((bytes[pos++] as number) & 0x80) === 0) left--
  return pos
}

/** The first index ≥ i with sorted[index] ≥ value (sorted[i] < value): galloping, then binary search. */
function gallop(sorted: Int32Array, i: number, value: number): number {
  let step = 1
  let lo = i
  let hi = i + 1
  while (hi < sorted.length && (sorted[hi] as number) < value) {
    lo = hi
    step *= 2
    hi = i + step
  }
  if (hi > sorted.length) hi = sorted.length
  // sorted[lo] < value; answer in (lo, hi].
  lo++
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((sorted[mid] as number) < value) lo = mid + 1
    else hi = mid
  }
  return lo
}
